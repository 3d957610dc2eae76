import { retry } from '../../../alerting/summary/retry';
import { LOAD_MARGIN_MS } from '../../support/timing';

describe('retry', () => {
  it('retries with doubling delays until an attempt succeeds', async () => {
    const failures: [number, number | undefined][] = [];
    const outcome = await retry(
      async (n) => {
        if (n < 3) throw new Error(`fail ${n}`);
        return n;
      },
      {
        retries: 3,
        delayMs: 5,
        onFailure: (_err, attempt, retryInMs) => failures.push([attempt, retryInMs]),
      },
    );
    expect(outcome).toEqual({ ok: true, value: 3 });
    expect(failures).toEqual([
      [1, 5],
      [2, 10],
    ]);
  });

  it('returns the last error once the retries are spent, never throwing', async () => {
    const failures: (number | undefined)[] = [];
    const outcome = await retry(
      async (n) => {
        throw new Error(`fail ${n}`);
      },
      { retries: 1, delayMs: 1, onFailure: (_e, _n, retryInMs) => failures.push(retryInMs) },
    );
    expect(outcome).toEqual({ ok: false, error: new Error('fail 2') });
    expect(failures).toEqual([1, undefined]);
  });

  it('stops waiting at once when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const outcome = await retry(
      async () => {
        throw new Error('down');
      },
      { retries: 5, delayMs: 60_000, signal: controller.signal },
    );
    expect(outcome.ok).toBe(false);
    // Far under the 60 s delay it would otherwise wait, whatever the machine's load.
    expect(Date.now() - started).toBeLessThan(LOAD_MARGIN_MS);
  });
});
