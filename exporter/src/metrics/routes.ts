/**
 * GET /metrics: the registry for Prometheus, in Prometheus text 0.0.4 or, when the Accept header
 * prefers it, OpenMetrics 1.0.0. Optionally behind a bearer token (Prometheus's `authorization`
 * scrape setting sends it). Never cached: every answer is a reading of that instant.
 */
import { type RequestHandler, Router } from 'express';
import type { Registry } from 'prom-client';
import { bearerToken } from '../../../lib/http/bearer-token';
import { negotiateFormat, renderMetrics } from '../../../lib/metrics/exposition';

export interface MetricsRoutesOptions {
  registry: Registry;
  /** When set, requests must carry `Authorization: Bearer <token>` (METRICS_TOKEN); else 401. */
  token?: string;
}

export function metricsRoutes({ registry, token }: MetricsRoutesOptions): Router {
  const router = Router();
  const guard: RequestHandler[] = token ? [bearerToken(token)] : [];

  router.get('/metrics', ...guard, async (req, res) => {
    const { contentType, body } = await renderMetrics(registry, negotiateFormat(req.get('accept')));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });

  return router;
}
