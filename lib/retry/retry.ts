/**
 * Runs an attempt until it succeeds, the retries are spent, the error is not worth retrying, or the
 * signal aborts (a shutdown ends the waiting at once), waiting the backoff.ts schedule in between.
 * Never throws: the outcome says how it ended. For calls that end (a summary run, a push from a cron
 * job); long-lived loops (the relay's delivery, the Loki shipper) keep a Backoff themselves.
 */
import { setTimeout as timersSleep } from 'node:timers/promises';
import { Backoff, type BackoffPolicy } from './backoff';

export interface RetryOptions {
  /** Attempts after the first failed one. */
  retries: number;
  backoff: BackoffPolicy;
  signal?: AbortSignal;
  /** Whether another attempt may succeed; default: every error is retried. */
  retryable?(err: unknown): boolean;
  /** How long the server asked to wait (Retry-After), read from the error; a floor on the delay. */
  retryAfterMs?(err: unknown): number | undefined;
  /** Called after each failed attempt; `retryInMs` is undefined after the last one. */
  onFailure?(err: unknown, attempt: number, retryInMs: number | undefined): void;
  /** Injected by tests; rejects when `signal` aborts. Default: timers/promises. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
  random?: () => number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const defaultSleep = (ms: number, signal?: AbortSignal) => timersSleep(ms, undefined, { signal });

export async function retry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<Outcome<T>> {
  const backoff = new Backoff(options.backoff, options.random);
  const sleep = options.sleep ?? defaultSleep;
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n) };
    } catch (error) {
      const last =
        n > options.retries ||
        options.signal?.aborted === true ||
        (options.retryable !== undefined && !options.retryable(error));
      const retryInMs = last ? undefined : backoff.failed(options.retryAfterMs?.(error));
      options.onFailure?.(error, n, retryInMs);
      if (retryInMs === undefined) return { ok: false, error };
      try {
        await sleep(retryInMs, options.signal);
      } catch {
        return { ok: false, error };
      }
    }
  }
}
