/**
 * A sleep that can be cut short: the delivery loop sleeps until the rate limit or a backoff allows
 * the next send, and is woken early when alerts arrive or a shutdown begins.
 */
export interface Alarm {
  /** Resolves after `ms` (never, for Infinity) or at the next `wake()`, whichever comes first. */
  sleep(ms: number): Promise<void>;
  wake(): void;
}

export function createAlarm(): Alarm {
  let ring: (() => void) | undefined;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
        const done = () => {
          clearTimeout(timer);
          ring = undefined;
          resolve();
        };
        ring = done;
      }),
    wake: () => ring?.(),
  };
}
