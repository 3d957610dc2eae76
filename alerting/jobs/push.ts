/**
 * Pushes exposition text to a Pushgateway group with POST (replaces only the metrics it names),
 * each attempt bounded by a timeout, retrying network errors, timeouts, 408, 429 and 5xx.
 */
import { retry } from '../../lib/retry/retry';
import { isRetryableStatus } from '../../lib/retry/retryable-status';

export interface PushOptions {
  /** Pushgateway base URL, e.g. http://127.0.0.1:9091 (a path prefix is kept). */
  pushgatewayUrl: string;
  job: string;
  instance?: string;
  timeoutMs: number;
  /** Attempts after the first failed one. */
  retries: number;
  /** Delay before the first retry, doubled for each further one (jittered, at most RETRY_MAX_MS). */
  retryDelayMs?: number;
}

/** Longest wait between two pushes: a cron job should not sit for minutes on a Pushgateway that is down. */
const RETRY_MAX_MS = 30_000;

/** One failed push: what went wrong, and whether the same push may succeed later. */
class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export class PushError extends Error {
  override name = 'PushError';
}

/** The group's URL: /metrics/job/<job>[/instance/<instance>]. */
export function groupUrl({ pushgatewayUrl, job, instance }: PushOptions): string {
  const base = pushgatewayUrl.replace(/\/+$/, '');
  const group = `/metrics/job/${encodeURIComponent(job)}`;
  return `${base}${group}${instance === undefined ? '' : `/instance/${encodeURIComponent(instance)}`}`;
}

/** Resolves once pushed; rejects with a PushError describing the last failure. */
export async function pushToGateway(body: string, options: PushOptions): Promise<void> {
  const url = groupUrl(options);
  let attempts = 0;
  const outcome = await retry(
    async (attempt) => {
      attempts = attempt;
      const { problem, retryable } = await attemptPush(url, body, options.timeoutMs);
      if (problem) throw new AttemptFailed(problem, retryable);
    },
    {
      retries: options.retries,
      backoff: { initialMs: options.retryDelayMs ?? 1000, maxMs: RETRY_MAX_MS },
      retryable: (err) => (err as AttemptFailed).retryable,
    },
  );
  if (!outcome.ok) {
    const problem = (outcome.error as AttemptFailed).message;
    throw new PushError(`POST ${url}: ${problem} (${attempts} attempt${attempts > 1 ? 's' : ''})`);
  }
}

async function attemptPush(
  url: string,
  body: string,
  timeoutMs: number,
): Promise<{ problem?: string; retryable: boolean }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.ok) {
      await res.body?.cancel();
      return { retryable: false };
    }
    // Pushgateway explains a 400 (inconsistent metrics) in the body; keep it short.
    const detail = (await res.text().catch(() => '')).trim().slice(0, 200);
    return {
      problem: `HTTP ${res.status}${detail ? `: ${detail}` : ''}`,
      retryable: isRetryableStatus(res.status),
    };
  } catch (err) {
    return { problem: describeFetchError(err, timeoutMs), retryable: true };
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
