/**
 * The long-term path with the real binaries: a real Prometheus scrapes the real exporter and
 * remote-writes (prometheus/longterm.ts's settings) to a real VictoriaMetrics single-node; then every
 * dashboard query the Prometheus test runs (test/dashboards/prometheus.test.ts) is asked of both at the
 * same instant.
 *
 * Known difference, asserted rather than hidden: rate() and increase() over a window longer than the
 * history. Here the series are under a minute old, so a [1m] or [5m] window holds all of them.
 * Prometheus extrapolates to the window (dividing by about its length); MetricsQL divides by the span
 * the samples actually cover. Both agree once the series are older than the window (the long-term
 * bench, bench/longterm/, compares the same queries over 30 days). For these only the label sets must
 * match.
 *
 * The instant both are asked about follows a successful scrape (test/dashboards/support/scraped-instant.ts):
 * after one that timed out, the exporter's series are stale on both sides and every query is empty.
 */
import { jobs } from '../../alerting/rules/metrics';
import { remoteWrite } from '../../prometheus/longterm';
import { type RunningExporter, sampleNames, startExporter } from '../dashboards/support/exporter';
import { ENV, runnable } from '../dashboards/support/exporter-queries';
import { scrapedInstant } from '../dashboards/support/scraped-instant';
import { waitForAsync } from '../dashboards/support/wait';
import { type QueryApi, startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics';
import { compareVectors } from './support/compare';

jest.setTimeout(120_000);

/** Floating point only: the same samples, the same functions. */
const TOLERANCE = 1e-9;
const WINDOWED = /\b(rate|increase|irate)\(/;
const knownDifference = (text: string) =>
  WINDOWED.test(text)
    ? 'rate/increase over a window longer than the history: Prometheus extrapolates, MetricsQL does not'
    : undefined;

const UP = `up{job="${jobs.exporter}", env="${ENV}"}`;
/** Every series of the exporter (`up` one among them). */
const SERIES = `{job="${jobs.exporter}", env="${ENV}"}`;

let exporter: RunningExporter;
let prometheus: TestPrometheus;
let store: TestVictoriaMetrics;
/** The instant both are asked about: just after a successful scrape, once both hold every sample up to it. */
let at: number;

beforeAll(async () => {
  exporter = await startExporter();
  await exporter.traffic();
  await waitForAsync('the system figures on /metrics', async () =>
    sampleNames(await exporter.scrape()).has('clicky_redis_memory_used_bytes'),
  );
  store = await startVictoriaMetrics();
  prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        { job_name: jobs.exporter, static_configs: [{ targets: [exporter.target], labels: { env: ENV } }] },
      ],
      remote_write: [remoteWrite(store.writeUrl)],
    },
  });
  await waitForAsync(
    'five successful scrapes of the exporter',
    async () => {
      await exporter.traffic();
      const [sample] = await prometheus.query(`sum_over_time(${UP}[1m])`);
      return (sample?.value ?? 0) >= 5;
    },
    60_000,
  );
  at = await scrapedInstant(prometheus, UP);
  // Remote write sends every few seconds, the series spread over its shards: wait until the store holds
  // as many samples up to `at` as Prometheus, of every series, not only of `up`.
  await waitForAsync(
    'the store to hold every sample Prometheus holds',
    async () => {
      await store.flush();
      const [local, remote] = await Promise.all([samplesUpToAt(prometheus), samplesUpToAt(store)]);
      return local > 0 && local === remote;
    },
    60_000,
  );
}, 180_000);

/**
 * How many samples of the exporter's series `api` holds in the minute up to `at`. Not the staleness
 * markers a failed scrape writes: VictoriaMetrics lists them (as NaN), Prometheus does not.
 */
const samplesUpToAt = async (api: QueryApi): Promise<number> =>
  (await api.rawSamples(SERIES, 60, at))
    .flatMap(({ samples }) => samples)
    .filter(([, value]) => !Number.isNaN(value)).length;

afterAll(async () => {
  await prometheus?.stop();
  await store?.stop();
  await exporter?.close();
});

it('receives every series Prometheus scraped, through remote write', async () => {
  const series = `count({job="${jobs.exporter}", env="${ENV}"})`;
  const [local] = await prometheus.query(series, at);
  const [remote] = await store.query(series, at);
  expect(local?.value).toBeGreaterThan(50);
  expect(remote?.value).toBe(local?.value);
});

describe('dashboard queries give the same answers on VictoriaMetrics', () => {
  const exact = runnable.filter((q) => !knownDifference(q.text));
  const windowed = runnable.filter((q) => knownDifference(q.text));

  it('are most of them', () => {
    expect(exact.length).toBeGreaterThan(windowed.length);
  });

  it.each(exact.map((q) => [`${q.dashboard} / ${q.panel}`, q.text] as const))(
    '%s: same series, same values',
    async (_name, text) => {
      const local = await prometheus.query(text, at);
      expect(local.length).toBeGreaterThan(0);
      const comparison = compareVectors(local, await store.query(text, at), TOLERANCE);
      expect({ text, ...comparison }).toEqual({
        text,
        onlyIn: { prometheus: [], store: [] },
        differing: [],
      });
    },
  );

  it.each(windowed.map((q) => [`${q.dashboard} / ${q.panel}`, q.text] as const))(
    '%s: same series (values differ on young series, see the top of this file)',
    async (_name, text) => {
      // May be empty on series this young (an increase needs a change inside its window): then both are.
      const local = await prometheus.query(text, at);
      const { onlyIn } = compareVectors(local, await store.query(text, at), Number.POSITIVE_INFINITY);
      expect({ text, onlyIn }).toEqual({ text, onlyIn: { prometheus: [], store: [] } });
    },
  );
});
