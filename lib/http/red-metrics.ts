/**
 * HTTP RED metrics (Rate, Errors, Duration) for any Express service here, on a registry passed in.
 * Every service instrumented this way exposes the series of the metrics contract (contracts/metrics.ts,
 * which holds their names, labels and buckets), so the alert rules and dashboards fit all of them;
 * Prometheus's `job` tells them apart:
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
import { apiMetrics, DURATION_BUCKETS, HTTP_LABELS, METHODS, OTHER_METHOD } from '../../contracts/metrics';

export { DURATION_BUCKETS, METHODS };

export interface RedMetricsOptions {
  /** Histogram bucket bounds in seconds. Default DURATION_BUCKETS. */
  buckets?: readonly number[];
}

export const UNMATCHED_ROUTE = 'unmatched';
export const CLIENT_CLOSED_STATUS = '499';

/** The middleware, and `track` for a response served outside Express's router. */
export type RedMetricsMiddleware = RequestHandler & {
  /** Records `res` under the fixed `route` template, as the middleware records a routed one. */
  track(req: IncomingMessage, res: ServerResponse, route: string): void;
};

/** Registers the three metrics on `registry` and returns the middleware; mount it before the routes. */
export function redMetrics(registry: Registry, options: RedMetricsOptions = {}): RedMetricsMiddleware {
  const registers = [registry];
  const requests = new Counter({
    name: apiMetrics.requests.name,
    help: apiMetrics.requests.help,
    labelNames: HTTP_LABELS,
    registers,
  });
  const duration = new Histogram({
    name: apiMetrics.duration.name,
    help: apiMetrics.duration.help,
    labelNames: HTTP_LABELS,
    buckets: [...(options.buckets ?? DURATION_BUCKETS)],
    registers,
  });
  const inFlight = new Gauge({
    name: apiMetrics.inFlight.name,
    help: apiMetrics.inFlight.help,
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
        method: METHODS.has(method) ? method : OTHER_METHOD,
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
