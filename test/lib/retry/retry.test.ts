import { retry } from '../../../lib/retry/retry';

/** A sleep that only records: no test here waits on the clock. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
const failing = (failures: number, error = (n: number) => new Error(`fail ${n}`)) => {
  return async (n: number) => {
    if (n <= failures) throw error(n);
    return n;
  };
};

describe('retry', () => {
  it('retries on the backoff schedule until an attempt succeeds, telling each failure', async () => {
    const { waits, sleep } = recordingSleep();
    const told: [number, number | undefined][] = [];
    const outcome = await retry(failing(3), {
      retries: 5,
      backoff: { initialMs: 100, maxMs: 250, jitter: 'none' },
      sleep,
      onFailure: (_err, attempt, retryInMs) => told.push([attempt, retryInMs]),
    });
    expect(outcome).toEqual({ ok: true, value: 4 });
    expect(waits).toEqual([100, 200, 250]);
    expect(told).toEqual([
      [1, 100],
      [2, 200],
      [3, 250],
    ]);
  });

  it('returns the last error once the retries are spent, never throwing', async () => {
    const { waits, sleep } = recordingSleep();
    const told: (number | undefined)[] = [];
    const outcome = await retry(failing(10), {
      retries: 2,
      backoff: { initialMs: 10 },
      sleep,
      random: () => 0,
      onFailure: (_e, _n, retryInMs) => told.push(retryInMs),
    });
    expect(outcome).toEqual({ ok: false, error: new Error('fail 3') });
    expect(waits).toEqual([10, 10]);
    expect(told).toEqual([10, 10, undefined]);
  });

  it('stops at an error that is not worth retrying', async () => {
    const { waits, sleep } = recordingSleep();
    const outcome = await retry(failing(5), {
      retries: 5,
      backoff: { initialMs: 10 },
      sleep,
      retryable: (err) => (err as Error).message !== 'fail 2',
    });
    expect([outcome, waits.length]).toEqual([{ ok: false, error: new Error('fail 2') }, 1]);
  });

  it('waits at least what the server asked for', async () => {
    const { waits, sleep } = recordingSleep();
    const limited = Object.assign(new Error('429'), { retryAfterMs: 7000 });
    await retry(
      failing(1, () => limited),
      {
        retries: 1,
        backoff: { initialMs: 10, maxMs: 100 },
        sleep,
        retryAfterMs: (err) => (err as typeof limited).retryAfterMs,
      },
    );
    expect(waits).toEqual([7000]);
  });

  it('ends the wait at once when the signal aborts, and tries no more', async () => {
    const controller = new AbortController();
    let attempts = 0;
    const pending = retry(
      async () => {
        attempts++;
        throw new Error('down');
      },
      { retries: 5, backoff: { initialMs: 3_600_000 }, signal: controller.signal },
    );
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: new Error('down') });
    expect(attempts).toBe(1);
  });
});
