import { createPoller, type Poller } from '../../../lib/metrics/poller';
import { waitFor } from '../../support/wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const pollers: Poller<unknown>[] = [];
const track = <T>(poller: Poller<T>) => {
  pollers.push(poller as Poller<unknown>);
  return poller;
};
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

describe('createPoller', () => {
  it('holds nothing before the first load, then the latest reading', async () => {
    let n = 0;
    const poller = track(createPoller({ load: async () => ++n }));
    expect(poller.current()).toBeUndefined();
    expect(await poller.refresh()).toBe(true);
    expect(poller.current()).toBe(1);
    await poller.refresh();
    expect(poller.current()).toBe(2);
  });

  it('shares one load between concurrent refreshes', async () => {
    let loads = 0;
    const poller = track(
      createPoller({
        load: async () => {
          loads++;
          await sleep(20);
          return loads;
        },
      }),
    );
    expect(await Promise.all(Array.from({ length: 20 }, () => poller.refresh()))).toEqual(
      Array(20).fill(true),
    );
    expect(loads).toBe(1);
  });

  it('refreshes in the background every interval once started, and not after stop()', async () => {
    let loads = 0;
    const poller = track(createPoller({ load: async () => ++loads, intervalMs: 20 }));
    poller.start();
    poller.start(); // idempotent
    // Waited for, not slept on: a loaded machine delays timers, so it may take longer, never more often.
    const started = performance.now();
    await waitFor('three refreshes', () => loads >= 3);
    expect(loads).toBeLessThanOrEqual(Math.floor((performance.now() - started) / 20) + 2);
    await poller.stop();
    const stoppedAt = loads;
    await sleep(60);
    expect(loads).toBe(stoppedAt);
  });

  it('keeps the last reading through failures, then forgets it after expireAfterFailures', async () => {
    let failing = false;
    const errors: number[] = [];
    const poller = track(
      createPoller({
        load: async () => {
          if (failing) throw new Error('down');
          return 'reading';
        },
        expireAfterFailures: 3,
        onError: (_err, consecutive) => errors.push(consecutive),
      }),
    );
    await poller.refresh();
    failing = true;
    expect(await poller.refresh()).toBe(false);
    expect(await poller.refresh()).toBe(false);
    expect(poller.current()).toBe('reading');
    await poller.refresh();
    expect(poller.current()).toBeUndefined();
    expect(errors).toEqual([1, 2, 3]);
    failing = false;
    expect(await poller.refresh()).toBe(true);
    expect(poller.current()).toBe('reading'); // recovered, no restart
  });

  it('abandons a load at its deadline, aborting its signal, even if the load ignores it', async () => {
    let signal: AbortSignal | undefined;
    const errors: unknown[] = [];
    const poller = track(
      createPoller({
        load: (s) => {
          signal = s;
          return new Promise<never>(() => {});
        },
        timeoutMs: 50,
        onError: (err) => errors.push(err),
      }),
    );
    // The load never settles: refresh() resolving, with the timeout as the error, is the bound.
    expect(await poller.refresh()).toBe(false);
    expect(signal?.aborted).toBe(true);
    expect(String(errors[0])).toContain('timeout after 50 ms');
  });

  it('survives a load that throws synchronously and an onError that throws', async () => {
    const poller = track(
      createPoller<number>({
        load: () => {
          throw new Error('sync');
        },
        onError: () => {
          throw new Error('handler');
        },
      }),
    );
    expect(await poller.refresh()).toBe(false);
  });

  it('stop() aborts the load in flight without counting it as a failure', async () => {
    const errors: unknown[] = [];
    let signal: AbortSignal | undefined;
    const poller = createPoller({
      load: (s) => {
        signal = s;
        return new Promise<never>(() => {});
      },
      timeoutMs: 10_000,
      onError: (err) => errors.push(err),
    });
    poller.start();
    await sleep(10);
    await poller.stop();
    expect(signal?.aborted).toBe(true);
    expect(errors).toEqual([]);
  });
});
