/**
 * One push to Loki: a single POST of a batch with a deadline, and what to do about its outcome.
 * Never rejects and never retries by itself: the shipper decides when to try again.
 *
 * The deadline is a timer of ours aborting a controller of ours. It must not be
 * `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: in Node 20 the composite holds its sources
 * only weakly and the timeout's timer holds its signal only weakly, so a garbage collection while
 * Loki hangs collects the timeout signal and the push then waits forever (nodejs/node#57736).
 */

import { isRetryableStatus } from '../../retry/retryable-status';
import { buildPushRequest, type LokiEntry, type StaticLabels } from './push-request';

export interface PushTarget {
  /** The push endpoint, `<Loki>/loki/api/v1/push`. */
  url: string;
  labels: StaticLabels;
  headers?: Record<string, string>;
  /** Deadline of the attempt, answer body included. */
  timeoutMs: number;
}

export interface PushFailure {
  /** ISO time of the failure. */
  at: string;
  /** HTTP status, when Loki answered. */
  status?: number;
  /** Loki's answer (truncated) or the network error. */
  reason: string;
  /** Lines in the batch concerned. */
  lines: number;
}

export type PushOutcome =
  | { kind: 'sent' }
  /** Network error, deadline, abort, 408, 429 or 5xx: the same batch may succeed later. */
  | { kind: 'retry'; failure: PushFailure }
  /** Any other answer: Loki will refuse this batch again. */
  | { kind: 'rejected'; failure: PushFailure };

export interface PushAttempt {
  /** Settles once Loki has answered, or the deadline has passed, or abort() was called. */
  readonly outcome: Promise<PushOutcome>;
  /** Gives up now, e.g. when closing runs out of time: the outcome is a retry with this reason. */
  abort(reason: string): void;
}

const MAX_REASON_CHARS = 500;

export function startPushAttempt(target: PushTarget, entries: readonly LokiEntry[]): PushAttempt {
  const controller = new AbortController();
  const deadline = setTimeout(() => {
    const timeout = new Error(`no answer from Loki within ${target.timeoutMs} ms`);
    timeout.name = 'TimeoutError';
    controller.abort(timeout);
  }, target.timeoutMs);
  deadline.unref(); // logs never keep a process alive
  const outcome = post(target, entries, controller.signal).finally(() => clearTimeout(deadline));
  return { outcome, abort: (reason) => controller.abort(new Error(reason)) };
}

async function post(
  target: PushTarget,
  entries: readonly LokiEntry[],
  signal: AbortSignal,
): Promise<PushOutcome> {
  const failure = (reason: string, status?: number): PushFailure => ({
    at: new Date().toISOString(),
    ...(status === undefined ? {} : { status }),
    reason,
    lines: entries.length,
  });
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify(buildPushRequest(target.labels, entries)),
      signal,
    });
    const answer = (await response.text()).slice(0, MAX_REASON_CHARS).trim();
    if (response.ok) return { kind: 'sent' };
    const kind = isRetryableStatus(response.status) ? 'retry' : 'rejected';
    return { kind, failure: failure(answer, response.status) };
  } catch (error) {
    return { kind: 'retry', failure: failure(describeError(error)) };
  }
}

/** "fetch failed: ECONNREFUSED", "TimeoutError: …": fetch hides the useful part in `cause`. */
export function describeError(error: unknown): string {
  // Duck-typed: errors from another realm (vm, jest) fail `instanceof Error`.
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (typeof message !== 'string') return String(error).slice(0, MAX_REASON_CHARS);
  const { code, message: detail } = (cause ?? {}) as { code?: unknown; message?: unknown };
  const why = typeof code === 'string' ? code : typeof detail === 'string' ? detail : undefined;
  return (why ? `${message}: ${why}` : `${name ?? 'Error'}: ${message}`).slice(0, MAX_REASON_CHARS);
}
