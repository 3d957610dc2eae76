/**
 * GET /metrics/summary: the admin summary as JSON, behind the same optional bearer token as
 * /metrics. It reads what the exporter holds in memory (the latest dependency results, the business
 * snapshot), so an open admin screen can neither hammer a dependency nor wait on a hung one.
 */
import { type RequestHandler, Router } from 'express';
import { bearerToken } from '../../../lib/http/bearer-token';
import type { BusinessMetrics } from '../business/refresher';
import type { DependencyMetrics } from '../metrics/dependencies';
import type { ApiStatusSource } from './api-status';
import { buildAdminSummary } from './build-summary';

export interface SummaryRoutesOptions {
  business?: BusinessMetrics;
  dependencies: DependencyMetrics;
  /** The API's figures from Prometheus (PROMETHEUS_URL); without it api_status is unknown. */
  api?: ApiStatusSource;
  version: string;
  /** Process start, ms since the epoch. */
  startedAt: number;
  /** METRICS_TOKEN: required as a bearer token when set. */
  token?: string;
}

export function summaryRoutes(options: SummaryRoutesOptions): Router {
  const router = Router();
  const guard: RequestHandler[] = options.token ? [bearerToken(options.token)] : [];
  router.get('/metrics/summary', ...guard, (_req, res) => {
    const dependencies = options.dependencies.latest();
    res.setHeader('Cache-Control', 'no-store');
    res.json(
      buildAdminSummary({
        business: options.business?.snapshot(),
        dependencies,
        api: options.api?.current(),
        version: options.version,
        startedAt: options.startedAt,
        now: Date.now(),
      }),
    );
  });
  return router;
}
