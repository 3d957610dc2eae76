/**
 * Assembles the exporter's request handler from its parts, without listening, so tests drive it
 * in-process and main.ts only adds the socket and the signals: the Express app, behind the probe
 * fast path (lib/http/probe-fast-path.ts) for GET /health and, with metrics, GET /metrics.
 */
import type { RequestListener } from 'node:http';
import express from 'express';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import { jsonErrors, notFound } from '../../lib/http/json-errors';
import { probeFastPath } from '../../lib/http/probe-fast-path';
import { redMetrics } from '../../lib/http/red-metrics';
import { requestLogging } from '../../lib/http/request-logging';
import type { Logger } from '../../lib/logging/logger';
import { createScrapeCache } from '../../lib/metrics/scrape-cache';
import type { HealthCheck } from './health/check';
import { healthRoutes, livenessRoute } from './health/routes';
import type { ExporterMetrics } from './metrics/exporter-metrics';
import { metricsFastRoute, metricsRoutes } from './metrics/routes';
import type { ApiStatusSource } from './summary/api-status';
import { summaryRoutes } from './summary/routes';

export interface ExporterAppOptions {
  version: string;
  logger: Logger;
  checks: readonly HealthCheck[];
  healthTimeoutMs: number;
  lifecycle: Lifecycle;
  /**
   * With it: HTTP RED metrics on every request, GET /metrics and GET /metrics/summary (both behind
   * `token` when set). `cacheMs`: how long one rendering of /metrics answers scrapes.
   */
  metrics?: {
    exporterMetrics: ExporterMetrics;
    token?: string;
    cacheMs?: number;
    startedAt: number;
    /** The API's figures from Prometheus for /metrics/summary (PROMETHEUS_URL). */
    api?: ApiStatusSource;
  };
}

export function createExporterApp(options: ExporterAppOptions): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const httpLogger = options.logger.child({ logger: 'exporter.http' });
  app.use(requestLogging(httpLogger));
  const metrics = options.metrics && metricsParts(options.metrics);
  if (metrics) app.use(metrics.red);
  app.use(
    healthRoutes({
      version: options.version,
      checks: options.checks,
      timeoutMs: options.healthTimeoutMs,
      lifecycle: options.lifecycle,
      onResult: options.metrics?.exporterMetrics.checkResults.onResult,
    }),
  );
  if (metrics) {
    app.use(metricsRoutes({ cache: metrics.cache, token: metrics.token }));
    app.use(summaryRoutes({ ...metrics.summary, version: options.version, token: metrics.token }));
  }
  app.use(notFound);
  app.use(jsonErrors(httpLogger));

  const routes = [livenessRoute(options.version)];
  if (metrics) routes.push(metricsFastRoute({ cache: metrics.cache, token: metrics.token }));
  const fast = probeFastPath({ routes, red: metrics?.red, logger: httpLogger });
  return (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
}

/** What the metrics endpoints share: the RED middleware, one scrape cache, the summary's sources. */
function metricsParts(options: NonNullable<ExporterAppOptions['metrics']>) {
  const { registry, dependencies, business } = options.exporterMetrics;
  return {
    red: redMetrics(registry),
    cache: createScrapeCache(registry, { maxAgeMs: options.cacheMs ?? 0 }),
    token: options.token,
    summary: { business, dependencies, api: options.api, startedAt: options.startedAt },
  };
}
