/**
 * HTTP RED metrics (Rate, Errors, Duration) for any Express service here, on a registry passed in.
 * Every service instrumented this way exposes the same series, so the alert rules
 * (alerting/rules/metrics.ts) and dashboards fit all of them; Prometheus's `job` tells them apart:
 *
 *   http_requests_total{method,route,status}               counter   requests answered
 *   http_request_duration_seconds{method,route,status}     histogram time to the last byte (or hang-up)
 *   http_requests_in_flight                                gauge     requests being served now
 *
 * Labels, all bounded so a scanner probing random URLs cannot create series:
 * - `route`: the matched route template (req.baseUrl + req.route.path, e.g. "/health/:check"), never
 *   the raw path; "unmatched" when no route matched (404 fallbacks, automatic OPTIONS answers).
 * - `status`: the numeric code as a string ("200"); "499" when the client hung up before the
 *   response was complete (as lib/http/request-logging.ts logs it).
 * - `method`: upper case, one of METHODS; any other method (WebDAV's PROPFIND...) is "other".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RedMetricsOptions {
  /** Histogram bucket bounds in seconds. Default DURATION_BUCKETS. */
  buckets?: readonly number[];
}

/**
 * Fine below 0.25 s where most requests land; 1.5/2/2.5/3 s around the 2 s p95 alert threshold. A
 * bound exactly at 2 makes `histogram_quantile(0.95, ...) > 2` exact: it holds precisely when fewer
 * than 95 % of the requests took ≤ 2 s, with no interpolation error at the threshold.
 */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5, 10] as const;

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
export const UNMATCHED_ROUTE = 'unmatched';
export const CLIENT_CLOSED_STATUS = '499';

const LABELS = ['method', 'route', 'status'] as const;

/** The middleware, and `track` for a response served outside Express's router. */
export type RedMetricsMiddleware = RequestHandler & {
  /** Records `res` under the fixed `route` template, as the middleware records a routed one. */
  track(req: IncomingMessage, res: ServerResponse, route: string): void;
};

/** Registers the three metrics on `registry` and returns the middleware; mount it before the routes. */
export function redMetrics(registry: Registry, options: RedMetricsOptions = {}): RedMetricsMiddleware {
  const registers = [registry];
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code.',
    labelNames: LABELS,
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to finishing its response, by method, route template and status code.',
    labelNames: LABELS,
    buckets: [...(options.buckets ?? DURATION_BUCKETS)],
    registers,
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being served.',
    registers,
  });

  /** Counts `res` in flight until it finishes or the client hangs up, then records it. */
  function observe(req: IncomingMessage, res: ServerResponse, route: () => string): void {
    const started = performance.now();
    inFlight.inc();
    let done = false;
    const completed = () => {
      if (done) return;
      done = true;
      inFlight.dec();
      const method = (req.method ?? '').toUpperCase();
      const labels = {
        method: METHODS.has(method) ? method : 'other',
        route: route(),
        status: res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED_STATUS,
      };
      requests.inc(labels);
      duration.observe(labels, (performance.now() - started) / 1000);
    };
    res.once('finish', completed);
    res.once('close', completed);
  }

  const middleware = (req: Request, res: Response, next: NextFunction) => {
    // The route is known only once the router has matched it: read it at completion.
    observe(req, res, () => routeOf(req));
    next();
  };
  return Object.assign(middleware, {
    track: (req: IncomingMessage, res: ServerResponse, route: string) => observe(req, res, () => route),
  });
}

/** The template of the route that answered: mount path plus route path; "unmatched" without one. */
export function routeOf(req: Request): string {
  const path: unknown = req.route?.path;
  if (path === undefined) return UNMATCHED_ROUTE;
  // Routes declared with a RegExp or an array of paths: their source text, still a fixed set.
  const template = typeof path === 'string' ? path : Array.isArray(path) ? path.join(',') : String(path);
  if (!req.baseUrl) return template;
  return template === '/' ? req.baseUrl : `${req.baseUrl}${template}`;
}
