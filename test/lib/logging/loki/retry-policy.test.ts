import fc from 'fast-check';
import { backoffMs, isRetryableStatus } from '../../../../lib/logging/loki/retry-policy';

test.each([408, 429, 500, 502, 503, 504])('%i is transient: retried', (status) => {
  expect(isRetryableStatus(status)).toBe(true);
});

test.each([400, 401, 403, 404, 413, 415])('%i will fail again: not retried', (status) => {
  expect(isRetryableStatus(status)).toBe(false);
});

describe('backoff', () => {
  const bounds = { retryMinMs: 250, retryMaxMs: 30_000 };

  test('doubles per consecutive failure from retryMinMs up to retryMaxMs (jitter at its top)', () => {
    const delays = [1, 2, 3, 4, 8, 9, 1000].map((failures) => backoffMs(failures, bounds, () => 1));
    expect(delays).toEqual([250, 500, 1000, 2000, 30_000, 30_000, 30_000]);
  });

  test('jitter takes it down to half, never below retryMinMs', () => {
    expect(backoffMs(4, bounds, () => 0)).toBe(1000);
    expect(backoffMs(1, bounds, () => 0)).toBe(250);
    expect(backoffMs(2, bounds, () => 0)).toBe(250);
  });

  test('stays within [retryMinMs, retryMaxMs] for any failure count and any jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, random) => {
          const delay = backoffMs(failures, bounds, () => random);
          expect(delay).toBeGreaterThanOrEqual(bounds.retryMinMs);
          expect(delay).toBeLessThanOrEqual(bounds.retryMaxMs);
        },
      ),
    );
  });

  test('uses Math.random by default, so that delays differ', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffMs(10, bounds)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
