/**
 * Runs checks: owns the deadline, latency measurement, single-flight and the translation of
 * failures into short public reasons. Checks themselves (postgres.ts, redis.ts, minio.ts) only ask
 * their dependency one question.
 */
import { performance } from 'node:perf_hooks';
import { CheckFailure, type CheckResult, type HealthCheck } from './check';

export interface RunOptions {
  /** Deadline for one probe, in ms. At the deadline the probe is aborted and reported as a timeout. */
  timeoutMs: number;
  /**
   * Told once per probe (not per caller joining it) of its result and, for a failure, the raw error
   * behind the public reason: the results store (results.ts) keeps both for /metrics and the log.
   */
  onResult?(check: HealthCheck, result: CheckResult, error: unknown): void;
}

// Calls for a check that is already being probed share that probe's result (and its deadline), so
// a burst of readiness requests costs one round trip per dependency instead of one connection each.
// The entry goes when the result settles, at the deadline at the latest.
const inFlight = new WeakMap<HealthCheck, Promise<CheckResult>>();

/** Probes `check` once (or joins the probe already in flight for it). Never rejects. */
export function runCheck(check: HealthCheck, options: RunOptions): Promise<CheckResult> {
  const pending = inFlight.get(check);
  if (pending) return pending;
  const result = probeWithDeadline(check, options.timeoutMs)
    .then((outcome) => {
      try {
        options.onResult?.(check, outcome.result, outcome.error);
      } catch {
        // A failing listener must not fail the probe's callers.
      }
      return outcome.result;
    })
    .finally(() => {
      if (inFlight.get(check) === result) inFlight.delete(check);
    });
  inFlight.set(check, result);
  return result;
}

/** Probes all checks in parallel; the result is keyed by check name. Never rejects. */
export async function runChecks(
  checks: readonly HealthCheck[],
  options: RunOptions,
): Promise<Record<string, CheckResult>> {
  const results = await Promise.all(checks.map((check) => runCheck(check, options)));
  return Object.fromEntries(checks.map((check, i) => [check.name, results[i] as CheckResult]));
}

interface Outcome {
  result: CheckResult;
  /** What the probe failed with (undefined on success). */
  error: unknown;
}

function probeWithDeadline(check: HealthCheck, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  return new Promise<Outcome>((resolve) => {
    // The deadline answers even when a probe ignores its signal.
    const timer = setTimeout(() => {
      const error = new CheckFailure(timeoutReason(timeoutMs));
      controller.abort(error);
      resolve({ result: { status: 'error', reason: error.message }, error });
    }, timeoutMs);

    Promise.resolve()
      .then(() => check.probe(controller.signal))
      .then(
        (details) => {
          const result: CheckResult = { status: 'ok', latency_ms: elapsed() };
          // Copy only known details: a probe's result is published as is.
          if (details?.buckets) result.buckets = [...details.buckets];
          resolve({ result, error: undefined });
        },
        (err: unknown) => {
          const reason = publicReason(err, timeoutMs);
          resolve({
            result:
              reason === timeoutReason(timeoutMs)
                ? { status: 'error', reason }
                : { status: 'error', reason, latency_ms: elapsed() },
            error: err,
          });
        },
      )
      .finally(() => clearTimeout(timer));
  });
}

const timeoutReason = (timeoutMs: number) => `timeout after ${timeoutMs} ms`;

const REASON_BY_CODE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'host unreachable',
  // PostgreSQL SQLSTATEs.
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '3D000': 'database not found',
  '57P01': 'database unavailable', // admin shutdown: a restart in progress
  '57P02': 'database unavailable',
  '57P03': 'database unavailable', // "the database system is starting up"
  // S3 error codes.
  InvalidAccessKeyId: 'authentication failed',
  SignatureDoesNotMatch: 'authentication failed',
  AccessDenied: 'authentication failed',
};

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', '57014' /* statement_timeout */]);

// Drivers that report some failures only by message (matched on a prefix, never echoed).
const TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect', // pg-pool
  'Connection terminated due to connection timeout', // pg-pool
  'Query read timeout', // pg query_timeout
  'Command timed out', // ioredis commandTimeout
];
const REASON_BY_MESSAGE: [prefix: string, reason: string][] = [
  ['NOAUTH', 'authentication failed'], // Redis: password required
  ['WRONGPASS', 'authentication failed'], // Redis 6+: bad user or password
  ['ERR invalid password', 'authentication failed'], // Redis < 6
  ['Connection terminated unexpectedly', 'connection reset'], // pg: server went away
];

/**
 * A short reason for `err` that is safe to publish: a CheckFailure's own message, or a fixed phrase
 * chosen from the error's code. Raw messages can hold hosts, users and connection strings, so they
 * are never returned; unknown failures are "check failed".
 */
export function publicReason(err: unknown, timeoutMs: number): string {
  for (const cause of causes(err)) {
    if (cause instanceof CheckFailure) return cause.message;
    const { code, name, message } = cause as { code?: unknown; name?: unknown; message?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return timeoutReason(timeoutMs);
    if (typeof code === 'string') {
      if (TIMEOUT_CODES.has(code)) return timeoutReason(timeoutMs);
      const reason = REASON_BY_CODE[code];
      if (reason) return reason;
    }
    if (typeof message === 'string') {
      if (TIMEOUT_MESSAGES.some((prefix) => message.startsWith(prefix))) return timeoutReason(timeoutMs);
      const match = REASON_BY_MESSAGE.find(([prefix]) => message.startsWith(prefix));
      if (match) return match[1];
    }
  }
  return 'check failed';
}

/** `err`, then what it wraps (`cause`, AggregateError's `errors`), breadth first, bounded. */
function* causes(err: unknown): Generator<object> {
  const queue: unknown[] = [err];
  for (let i = 0; i < queue.length && i < 10; i++) {
    const current = queue[i];
    if (typeof current !== 'object' || current === null) continue;
    yield current;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
}
