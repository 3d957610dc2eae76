/**
 * A client of Prometheus's HTTP API: range queries (`/api/v1/query_range`, the daily summary's alert
 * history) and instant queries (`/api/v1/query`, the exporter's admin summary). Each call is bounded
 * by a timeout and an optional abort signal, and its answer is checked before use. Credentials in
 * the URL are sent as basic auth and never appear in an error.
 */
import { z } from 'zod';

export class PrometheusError extends Error {
  override name = 'PrometheusError';
}

export interface QueryWindow {
  /** Seconds since the epoch; end - start is a whole number of steps. */
  start: number;
  end: number;
  /** Seconds between points. */
  step: number;
}

export interface RangeSeries {
  metric: Record<string, string>;
  values: [number, string][];
}

export interface InstantSample {
  metric: Record<string, string>;
  /** The sample's value (NaN and ±Inf as Prometheus writes them: "NaN", "+Inf"). */
  value: number;
}

export interface QueryOptions {
  /** Base URL, e.g. http://prometheus:9090 (a path prefix is kept; user:password@ becomes basic auth). */
  prometheusUrl: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

const errorAnswer = z.object({
  status: z.literal('error'),
  errorType: z.string().optional(),
  error: z.string().optional(),
});
const point = z.tuple([z.number(), z.string()]);
const rangeAnswer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.object({
      resultType: z.literal('matrix'),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(point) })),
    }),
  }),
  errorAnswer,
]);
const instantAnswer = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: point })),
      }),
      z.object({ resultType: z.literal('scalar'), result: point }),
    ]),
  }),
  errorAnswer,
]);

/** The series with their points at window.start, + step, ... window.end. */
export async function queryRange(
  query: string,
  window: QueryWindow,
  options: QueryOptions,
): Promise<RangeSeries[]> {
  const params = {
    query,
    start: String(window.start),
    end: String(window.end),
    step: String(window.step),
  };
  const data = await call('query_range', params, rangeAnswer, 'range query', options);
  return data.result;
}

/** The vector an instant query evaluates to now (a scalar reads as one sample without labels). */
export async function queryInstant(query: string, options: QueryOptions): Promise<InstantSample[]> {
  const data = await call('query', { query }, instantAnswer, 'instant query', options);
  if (data.resultType === 'scalar') return [{ metric: {}, value: Number(data.result[1]) }];
  return data.result.map((sample) => ({ metric: sample.metric, value: Number(sample.value[1]) }));
}

type Answer<D> = { status: 'success'; data: D } | z.infer<typeof errorAnswer>;

async function call<D>(
  endpoint: string,
  params: Record<string, string>,
  schema: z.ZodType<Answer<D>>,
  what: string,
  options: QueryOptions,
): Promise<D> {
  // fetch refuses URLs with credentials, and errors must not show them: send them as a header.
  const base = new URL(options.prometheusUrl);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (base.username || base.password) {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    base.username = '';
    base.password = '';
  }
  const url = `${base.href.replace(/\/+$/, '')}/api/v1/${endpoint}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(params),
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
    status = res.status;
    text = await res.text(); // the deadline covers the body too
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (timeout.aborted) throw new PrometheusError(`${url}: no answer within ${options.timeoutMs} ms`);
    throw new PrometheusError(`${url}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
  }
  let parsed: Answer<D>;
  try {
    parsed = schema.parse(JSON.parse(text));
  } catch {
    throw new PrometheusError(`${url}: HTTP ${status}, not a Prometheus ${what} answer`);
  }
  if (parsed.status === 'error')
    throw new PrometheusError(
      `${url}: HTTP ${status}: ${parsed.errorType ?? 'error'}: ${parsed.error ?? ''}`,
    );
  return parsed.data;
}
