/**
 * Pushes exposition text to a Pushgateway group with POST (replaces only the metrics it names),
 * each attempt bounded by a timeout, retrying network errors, timeouts, 408, 429 and 5xx.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface PushOptions {
  /** Pushgateway base URL, e.g. http://127.0.0.1:9091 (a path prefix is kept). */
  pushgatewayUrl: string;
  job: string;
  instance?: string;
  timeoutMs: number;
  /** Attempts after the first failed one. */
  retries: number;
  /** Delay before the first retry, doubled for each further one. */
  retryDelayMs?: number;
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
  const attempts = options.retries + 1;
  for (let attempt = 1; ; attempt++) {
    const { problem, retryable } = await attemptPush(url, body, options.timeoutMs);
    if (!problem) return;
    if (!retryable || attempt >= attempts)
      throw new PushError(`POST ${url}: ${problem} (${attempt} attempt${attempt > 1 ? 's' : ''})`);
    await sleep((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
  }
}

/** 408, 429 and 5xx are transient; another 4xx (a malformed push) would fail the same way again. */
const isRetryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

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
