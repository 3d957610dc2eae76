/**
 * An instant to ask a test Prometheus about, at which the last scrape of every target succeeded.
 *
 * A scrape slower than its (1 s) timeout fails, and Prometheus marks every series of that target stale
 * at that moment: an instant query asked then finds none of them, however right the query. Asked at
 * this instant instead, every query reads a successful scrape, and reads the same one each time.
 */
import type { QueryApi } from '../../support/prometheus-server';
import { waitForAsync } from './wait';

/**
 * A step of 1/8 s: an instant made of whole steps is exact as a float number of seconds, so every query
 * API (Prometheus rounds the `time` parameter to the millisecond, VictoriaMetrics truncates it) reads
 * the same millisecond.
 */
const STEP_MS = 125;

/** Raw samples asked for, in seconds back from now: a few scrapes at a 1 s interval. */
const LOOKBACK_SECONDS = 30;

/**
 * The latest instant (Unix seconds) just after a scrape at which, for every series `up` selects, the
 * last sample was 1 (its scrape succeeded) and a later sample exists (so no scrape between the two can
 * still appear), or undefined when there is none yet.
 *
 * Just after, not at: a range selector `[1m]` asked at the scrape's own timestamp would hold another
 * scrape exactly at its start, which Prometheus 2 counts and VictoriaMetrics does not.
 */
export async function lastScrapedInstant(
  api: Pick<QueryApi, 'rawSamples'>,
  up: string,
): Promise<number | undefined> {
  const series = await api.rawSamples(up, LOOKBACK_SECONDS);
  if (series.length === 0) return undefined;
  const candidates = series
    .flatMap(({ samples }) =>
      samples.filter(([, value]) => value === 1).map(([at]) => Math.ceil((at + 1) / STEP_MS) * STEP_MS),
    )
    .sort((a, b) => b - a);
  const scraped = (at: number) =>
    series.every(({ samples }) => {
      const before = samples.filter(([t]) => t <= at);
      return before[before.length - 1]?.[1] === 1 && samples.some(([t]) => t > at);
    });
  const at = candidates.find(scraped);
  return at === undefined ? undefined : at / 1000;
}

/** lastScrapedInstant, waited for (failed scrapes in a row on a loaded machine). */
export async function scrapedInstant(api: Pick<QueryApi, 'rawSamples'>, up: string): Promise<number> {
  let at: number | undefined;
  await waitForAsync(`an instant after a successful scrape of every ${up}`, async () => {
    at = await lastScrapedInstant(api, up);
    return at !== undefined;
  });
  return at as number;
}
