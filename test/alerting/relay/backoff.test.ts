import { backoffMs } from '../../../alerting/relay/backoff';

const bounds = { initialMs: 1000, maxMs: 60_000 };

describe('backoffMs', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 6, 7, 50].map((n) => backoffMs(n, bounds, middle))).toEqual([
      1000, 2000, 4000, 32_000, 60_000, 60_000,
    ]);
  });

  it('jitters by 20 % either way, never past the maximum', () => {
    expect(backoffMs(1, bounds, () => 0)).toBe(800);
    expect(backoffMs(1, bounds, () => 0.999999)).toBe(1200);
    expect(backoffMs(10, bounds, () => 0.999999)).toBe(60_000);
  });
});
