/**
 * When a failed push is worth retrying, and how long to wait before the next attempt. Pure.
 */

export interface BackoffBounds {
  /** Delay before the first retry. */
  retryMinMs: number;
  /** Longest delay between retries. */
  retryMaxMs: number;
}

/** 429 (rate limited), 408 and 5xx are transient; any other 4xx will fail the same way again. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * The delay after `consecutiveFailures` (1 for the first) failed pushes in a row: retryMinMs doubled
 * per failure up to retryMaxMs, then randomised between half and all of it so that services
 * restarted together do not retry in lockstep, and never below retryMinMs.
 */
export function backoffMs(
  consecutiveFailures: number,
  { retryMinMs, retryMaxMs }: BackoffBounds,
  random: () => number = Math.random,
): number {
  const doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30); // 2 ** 30: no overflow
  const exponential = Math.min(retryMaxMs, retryMinMs * 2 ** doublings);
  return Math.max(retryMinMs, exponential * (0.5 + random() * 0.5));
}
