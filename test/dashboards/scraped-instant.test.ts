/** lastScrapedInstant over given raw samples of `up`: just after the latest scrape that every target passed. */
import type { RawSeries } from '../support/prometheus-server';
import { lastScrapedInstant } from './support/scraped-instant';

/** A fake query API whose `up` series have these samples ([ms, value]). */
const api = (...series: [number, number][][]) => ({
  rawSamples: async (): Promise<RawSeries[]> =>
    series.map((samples, i) => ({ metric: { job: `job-${i}` }, samples })),
});

it('is just after the latest successful scrape that has a later one, on a 1/8 s step', async () => {
  expect(
    await lastScrapedInstant(
      api([
        [1_000_451, 1],
        [1_001_451, 1],
        [1_002_451, 1],
      ]),
      'up',
    ),
  ).toBe(1001.5);
});

it('is before a failed scrape, never after it', async () => {
  expect(
    await lastScrapedInstant(
      api([
        [1_000_000, 1],
        [1_001_000, 1],
        [1_002_000, 0],
      ]),
      'up',
    ),
  ).toBe(1001.125);
});

it('needs every target to have passed its last scrape at that instant', async () => {
  const first: [number, number][] = [
    [1_000_000, 1],
    [1_001_000, 1],
    [1_002_000, 1],
  ];
  const second: [number, number][] = [
    [1_000_500, 1],
    [1_001_500, 0],
    [1_002_500, 1],
  ];
  // The latest instant at which both last read a success: after the first's scrape at 1_001_000,
  // before the second's failure at 1_001_500.
  expect(await lastScrapedInstant(api(first, second), 'up')).toBe(1001.125);
  const failingSecond: [number, number][] = [
    [1_000_500, 0],
    [1_001_500, 0],
    [1_002_500, 1],
  ];
  expect(await lastScrapedInstant(api(first, failingSecond), 'up')).toBeUndefined();
});

it('is undefined without any target, or without a successful scrape followed by another', async () => {
  expect(await lastScrapedInstant(api(), 'up')).toBeUndefined();
  expect(await lastScrapedInstant(api([[1_000_000, 1]]), 'up')).toBeUndefined();
  expect(
    await lastScrapedInstant(
      api([
        [1_000_000, 0],
        [1_001_000, 0],
      ]),
      'up',
    ),
  ).toBeUndefined();
});
