/**
 * GET /metrics in Express: the registry for Prometheus (lib/metrics/scrape-response.ts), optionally
 * behind a bearer token (Prometheus's `authorization` scrape setting sends it). A plain successful
 * scrape usually never gets here: metricsFastRoute answers it on the probe fast path
 * (lib/http/probe-fast-path.ts), with the same cache.
 */
import { type RequestHandler, Router } from 'express';
import { bearerCheck, bearerToken } from '../../../lib/http/bearer-token';
import type { FastRoute } from '../../../lib/http/probe-fast-path';
import type { ScrapeCache } from '../../../lib/metrics/scrape-cache';
import { sendScrape } from '../../../lib/metrics/scrape-response';

export interface MetricsRoutesOptions {
  /** Renderings of the registry (METRICS_CACHE_MS). */
  cache: ScrapeCache;
  /** When set, requests must carry `Authorization: Bearer <token>` (METRICS_TOKEN); else 401. */
  token?: string;
}

export function metricsRoutes({ cache, token }: MetricsRoutesOptions): Router {
  const router = Router();
  const guard: RequestHandler[] = token ? [bearerToken(token)] : [];
  router.get('/metrics', ...guard, (req, res) => sendScrape(req, res, cache));
  return router;
}

/** GET /metrics on the probe fast path: only scrapes with the token, when one is required. */
export function metricsFastRoute({ cache, token }: MetricsRoutesOptions): FastRoute {
  const check = token === undefined ? undefined : bearerCheck(token);
  return {
    path: '/metrics',
    ...(check && { accepts: (req) => check(req.headers.authorization) === 'ok' }),
    serve: (req, res) => sendScrape(req, res, cache),
  };
}
