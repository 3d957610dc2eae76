/**
 * The summary's retry policy over the shared helper (lib/retry/retry.ts): `delayMs`, then twice
 * that, and so on, without jitter (one process a day; SUMMARY_RETRY_DELAY_MS means what it says).
 * An abort (shutdown) ends the waiting at once.
 */
import { type Outcome, retry as retryWithBackoff } from '../../lib/retry/retry';

export type { Outcome } from '../../lib/retry/retry';

export interface RetryOptions {
  /** Attempts after the first failed one. */
  retries: number;
  /** Wait before the first retry; doubled for each further one. */
  delayMs: number;
  signal?: AbortSignal;
  /** Called after each failed attempt; `retryInMs` is undefined after the last one. */
  onFailure?(err: unknown, attempt: number, retryInMs: number | undefined): void;
}

/** Never throws: the last error is returned. */
export function retry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<Outcome<T>> {
  const { delayMs, ...rest } = options;
  return retryWithBackoff(attempt, { ...rest, backoff: { initialMs: delayMs, jitter: 'none' } });
}
