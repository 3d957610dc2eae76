/**
 * Runs an attempt until it succeeds or the retries are spent, waiting `delayMs`, then twice that,
 * and so on, between attempts. An abort (shutdown) ends the waiting at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** Attempts after the first failed one. */
  retries: number;
  /** Wait before the first retry; doubled for each further one. */
  delayMs: number;
  signal?: AbortSignal;
  /** Called after each failed attempt; `retryInMs` is undefined after the last one. */
  onFailure?(err: unknown, attempt: number, retryInMs: number | undefined): void;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Never throws: the last error is returned. */
export async function retry<T>(
  attempt: (n: number) => Promise<T>,
  options: RetryOptions,
): Promise<Outcome<T>> {
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(n) };
    } catch (error) {
      const last = n > options.retries || options.signal?.aborted === true;
      const retryInMs = last ? undefined : options.delayMs * 2 ** (n - 1);
      options.onFailure?.(error, n, retryInMs);
      if (retryInMs === undefined) return { ok: false, error };
      try {
        await sleep(retryInMs, undefined, { signal: options.signal });
      } catch {
        return { ok: false, error };
      }
    }
  }
}
