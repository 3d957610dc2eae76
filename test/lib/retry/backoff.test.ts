import fc from 'fast-check';
import { Backoff, backoffMs } from '../../../lib/retry/backoff';

const bounds = { initialMs: 250, maxMs: 30_000 };
const top = () => 0.999999999;

describe('backoffMs', () => {
  test('doubles per failure in a row from initialMs up to maxMs (jitter at its top)', () => {
    const delays = [1, 2, 3, 4, 8, 9, 1000].map((failures) => backoffMs(failures, bounds, top));
    expect(delays).toEqual([250, 500, 1000, 2000, 30_000, 30_000, 30_000]);
  });

  test('equal jitter (the default) takes it down to half, never below initialMs', () => {
    expect(backoffMs(4, bounds, () => 0)).toBe(1000);
    expect(backoffMs(1, bounds, () => 0)).toBe(250);
    expect(backoffMs(2, bounds, () => 0)).toBe(250);
  });

  test('full jitter goes anywhere up to the delay, never below initialMs; none is exact', () => {
    expect(backoffMs(4, { ...bounds, jitter: 'full' }, () => 0.1)).toBe(250);
    expect(backoffMs(4, { ...bounds, jitter: 'full' }, () => 0.5)).toBe(1000);
    expect([1, 2, 3].map((n) => backoffMs(n, { initialMs: 5, jitter: 'none' }, () => 0))).toEqual([
      5, 10, 20,
    ]);
  });

  test('has no bound without maxMs, and no overflow however many failures', () => {
    expect(backoffMs(11, { initialMs: 1000, jitter: 'none' })).toBe(1_024_000);
    expect(Number.isFinite(backoffMs(1e9, { initialMs: 1000, jitter: 'none' }))).toBe(true);
  });

  test('stays within [initialMs, maxMs] for any failure count, jitter and random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom('equal', 'full', 'none' as const),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, jitter, random) => {
          const delay = backoffMs(failures, { ...bounds, jitter }, () => random);
          expect(delay).toBeGreaterThanOrEqual(bounds.initialMs);
          expect(delay).toBeLessThanOrEqual(bounds.maxMs);
        },
      ),
    );
  });

  test('uses Math.random by default, so that delays differ', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffMs(10, bounds)));
    expect(delays.size).toBeGreaterThan(1);
  });
});

describe('Backoff', () => {
  test('counts failures in a row, and starts again after a success', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, jitter: 'none' });
    expect([backoff.failed(), backoff.failed(), backoff.failed()]).toEqual([100, 200, 400]);
    expect(backoff.failures).toBe(3);
    backoff.succeeded();
    expect([backoff.failures, backoff.failed()]).toEqual([0, 100]);
  });

  test('waits at least what the server asked for, even beyond maxMs', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000 }, top);
    expect(backoff.failed(5000)).toBe(5000);
    expect(backoff.failed(50)).toBe(200);
  });
});
