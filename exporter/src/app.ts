/**
 * Assembles the exporter's Express app from its parts, without listening, so tests drive it
 * in-process and main.ts only adds the socket and the signals.
 */
import express, { type Express } from 'express';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import { jsonErrors, notFound } from '../../lib/http/json-errors';
import { redMetrics } from '../../lib/http/red-metrics';
import { requestLogging } from '../../lib/http/request-logging';
import type { Logger } from '../../lib/logging/logger';
import type { HealthCheck } from './health/check';
import { healthRoutes } from './health/routes';
import type { ExporterMetrics } from './metrics/exporter-metrics';
import { metricsRoutes } from './metrics/routes';
import { summaryRoutes } from './summary/routes';

export interface ExporterAppOptions {
  version: string;
  logger: Logger;
  checks: readonly HealthCheck[];
  healthTimeoutMs: number;
  lifecycle: Lifecycle;
  /**
   * With it: HTTP RED metrics on every request, GET /metrics and GET /metrics/summary (both behind
   * `token` when set).
   */
  metrics?: { exporterMetrics: ExporterMetrics; token?: string; startedAt: number };
}

export function createExporterApp(options: ExporterAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogging(options.logger.child({ logger: 'exporter.http' })));
  const metrics = options.metrics;
  if (metrics) app.use(redMetrics(metrics.exporterMetrics.registry));
  app.use(
    healthRoutes({
      version: options.version,
      checks: options.checks,
      timeoutMs: options.healthTimeoutMs,
      lifecycle: options.lifecycle,
    }),
  );
  if (metrics) {
    const { registry, dependencies, business } = metrics.exporterMetrics;
    app.use(metricsRoutes({ registry, token: metrics.token }));
    app.use(
      summaryRoutes({
        business,
        dependencies,
        version: options.version,
        startedAt: metrics.startedAt,
        token: metrics.token,
      }),
    );
  }
  app.use(notFound);
  app.use(jsonErrors(options.logger.child({ logger: 'exporter.http' })));
  return app;
}
