/**
 * The metrics contract: the series the API (scrape job `clicky-api`) must serve on /metrics, as data.
 * HighErrorRate, SlowResponse and the API performance dashboard read them, and so does anything else
 * that takes its names from here (alerting/rules/metrics.ts re-exports `http`). lib/http/red-metrics.ts
 * serves the same series for the services of this repository; `npm run contract:metrics` checks a
 * target or an exposition file against this file.
 *
 *   http_requests_total{method,route,status}             counter
 *   http_request_duration_seconds{method,route,status}   histogram, buckets DURATION_BUCKETS
 *   http_requests_in_flight                              gauge
 *
 * Label values (decided here, as the issue leaves them open):
 * - `method`: the request method in upper case ("GET"); "other" for a method outside METHODS.
 * - `status`: the numeric status code as a string ("503"), never a class such as "5xx": the
 *   dashboards split 4xx from 5xx and by code.
 * - `route`: the route TEMPLATE that matched, never the raw path, so a scanner probing random URLs
 *   or ids cannot create series: "/bookings/{id}" (FastAPI/Starlette, also "{id:int}") or
 *   "/bookings/:id" (Express), whichever the framework writes. Requests no route matched carry one
 *   fixed value, UNMATCHED_ROUTES. See `rawPathSegment` for what counts as a raw path.
 *
 * Buckets: every bound of DURATION_BUCKETS must be present (a service may add more). One layout for
 * every service keeps `sum by (le)` across instances meaningful, and the 2 s bound makes SlowResponse
 * (`histogram_quantile(0.95, ...) > 2`) exact at its threshold.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricContract {
  /** The family name in the Prometheus text format (a counter keeps its `_total`). */
  name: string;
  type: MetricType;
  help: string;
  /** Exactly these labels (a histogram's `le` aside): none missing, none extra. */
  labels: readonly string[];
  /** Histograms: bounds in seconds that must all be present (`+Inf` always is). */
  buckets?: readonly number[];
}

/**
 * Fine below 0.25 s where most requests land; 1.5/2/2.5/3 s around the 2 s p95 alert threshold. A
 * bound exactly at 2 makes `histogram_quantile(0.95, ...) > 2` exact: it holds precisely when fewer
 * than 95 % of the requests took ≤ 2 s, with no interpolation error at the threshold.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5, 10] as const;

/** The bound SlowResponse compares against (alerting/rules/thresholds.ts holds the same 2 s). */
export const SLOW_RESPONSE_BUCKET = 2;

export const HTTP_LABELS = ['method', 'route', 'status'] as const;

export const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);
export const OTHER_METHOD = 'other';

/**
 * The route of a request no route matched: "unmatched" (lib/http/red-metrics.ts) or "none"
 * (prometheus-fastapi-instrumentator's `should_group_untemplated=True`, its default).
 */
export const UNMATCHED_ROUTES: ReadonlySet<string> = new Set(['unmatched', 'none']);

export const apiMetrics = {
  requests: {
    name: 'http_requests_total',
    type: 'counter',
    help: 'HTTP requests answered, by method, route template and status code.',
    labels: HTTP_LABELS,
  },
  duration: {
    name: 'http_request_duration_seconds',
    type: 'histogram',
    help: 'Time from receiving an HTTP request to finishing its response, by method, route template and status code.',
    labels: HTTP_LABELS,
    buckets: DURATION_BUCKETS,
  },
  inFlight: {
    name: 'http_requests_in_flight',
    type: 'gauge',
    help: 'HTTP requests being served.',
    labels: [],
  },
} as const satisfies Record<string, MetricContract>;

/** The series names queries use: a histogram is read through its `_bucket` series. */
export const http = {
  requests: apiMetrics.requests.name,
  durationBucket: `${apiMetrics.duration.name}_bucket`,
  inFlight: apiMetrics.inFlight.name,
} as const;

/** A path segment that is a placeholder: "{id}", "{id:int}", ":id". */
const PLACEHOLDER = /^(?:\{[A-Za-z_][\w]*(?::[\w]+)?\}|:[A-Za-z_]\w*\??)$/;
const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A hash, ObjectId or similar opaque id: 12 or more hex digits with at least one digit. */
const HEX_ID = /^(?=.*\d)[0-9a-f]{12,}$/i;
/** Characters a template's literal segment never holds: query, fragment, escapes, spaces, "@". */
const RAW_CHARACTERS = /[?#%=&@\s]/;

/**
 * Why `route` is not a route template, or undefined when it is one. A template is an unmatched
 * sentinel or starts with "/" and has no segment that looks like a value: a number, a UUID, a long
 * hex id, or one holding a query, an escape or an address. Placeholders pass.
 */
export function rawPathSegment(route: string): string | undefined {
  if (UNMATCHED_ROUTES.has(route)) return undefined;
  if (!route.startsWith('/')) return `does not start with "/"`;
  for (const segment of route.split('/').slice(1)) {
    if (PLACEHOLDER.test(segment)) continue;
    if (NUMBER.test(segment)) return `segment "${segment}" is a number`;
    if (UUID.test(segment)) return `segment "${segment}" is a UUID`;
    if (HEX_ID.test(segment)) return `segment "${segment}" is a hex id`;
    if (RAW_CHARACTERS.test(segment)) return `segment "${segment}" holds a query, an escape or an address`;
  }
  return undefined;
}
