/**
 * Prometheus's HTTP API range query (`/api/v1/query_range`), bounded by a timeout and an optional
 * abort signal, its answer checked before use.
 */
import { z } from 'zod';
import type { QueryWindow, RangeSeries } from './alert-history';

export class PrometheusError extends Error {
  override name = 'PrometheusError';
}

const answer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('matrix'),
      result: z.array(
        z.object({
          metric: z.record(z.string(), z.string()),
          values: z.array(z.tuple([z.number(), z.string()])),
        }),
      ),
    }),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export interface RangeQueryOptions {
  /** Base URL, e.g. http://prometheus:9090 (a path prefix is kept; user:password@ becomes basic auth). */
  prometheusUrl: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The series with their points at window.start, + step, ... window.end. */
export async function queryRange(
  query: string,
  window: QueryWindow,
  options: RangeQueryOptions,
): Promise<RangeSeries[]> {
  const params = new URLSearchParams({
    query,
    start: String(window.start),
    end: String(window.end),
    step: String(window.step),
  });
  // fetch refuses URLs with credentials, and errors must not show them: send them as a header.
  const base = new URL(options.prometheusUrl);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (base.username || base.password) {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const url = `${base.href.replace(/\/+$/, '')}/api/v1/query_range`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: params,
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
    status = res.status;
    text = await res.text(); // the deadline covers the body too
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (timeout.aborted) throw new PrometheusError(`${url}: no answer within ${options.timeoutMs} ms`);
    throw new PrometheusError(`${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  let parsed: z.infer<typeof answer>;
  try {
    parsed = answer.parse(JSON.parse(text));
  } catch {
    throw new PrometheusError(`${url}: HTTP ${status}, not a Prometheus range query answer`);
  }
  if (parsed.status === 'error')
    throw new PrometheusError(
      `${url}: HTTP ${status}: ${parsed.errorType ?? 'error'}: ${parsed.error ?? ''}`,
    );
  return parsed.data.result;
}
