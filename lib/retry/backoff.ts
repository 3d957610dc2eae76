/**
 * Capped exponential backoff with jitter: the one retry schedule of every service here (the Loki
 * shipper, the Telegram relay, the daily summary, report-job), instead of one copy each.
 *
 * The delay after `failures` failures in a row (1 for the first) is `initialMs` doubled per failure
 * up to `maxMs`, then jittered, and never below `initialMs` nor above `maxMs`:
 * - `equal` (the default): between half and all of it, so that processes restarted together (a
 *   deploy, an outage ending) do not retry in lockstep, while the delay still grows;
 * - `full`: anywhere up to all of it (AWS's "full jitter"), for many clients of one server;
 * - `none`: exactly it, for a lone process whose delays are documented (the summary).
 * A server that says how long to wait (HTTP Retry-After, Telegram's retry_after) is obeyed even
 * beyond `maxMs`: Backoff.failed(retryAfterMs) waits at least that long.
 */

export type Jitter = 'equal' | 'full' | 'none';

export interface BackoffPolicy {
  /** Delay before the first retry, and the least any retry waits. */
  initialMs: number;
  /** Longest delay the schedule gives (default: no bound). */
  maxMs?: number;
  /** Default `equal`. */
  jitter?: Jitter;
}

/** The delay after `failures` failures in a row; `random` in [0, 1) is injected by tests. */
export function backoffMs(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const { initialMs, maxMs = Number.POSITIVE_INFINITY, jitter = 'equal' } = policy;
  const doublings = Math.min(Math.max(failures - 1, 0), 30); // 2 ** 30: no overflow
  const exponential = Math.min(maxMs, initialMs * 2 ** doublings);
  const jittered =
    jitter === 'none' ? exponential : exponential * (jitter === 'full' ? random() : 0.5 + random() * 0.5);
  return Math.round(Math.min(maxMs, Math.max(initialMs, jittered)));
}

/** A run of failures: counts them and gives the next delay; a success starts the count again. */
export class Backoff {
  private count = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failures in a row so far. */
  get failures(): number {
    return this.count;
  }

  /** One more failure: how long to wait before the next attempt, at least `retryAfterMs` when given. */
  failed(retryAfterMs?: number): number {
    this.count++;
    return Math.max(backoffMs(this.count, this.policy, this.random), retryAfterMs ?? 0);
  }

  succeeded(): void {
    this.count = 0;
  }
}
