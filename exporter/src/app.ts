/**
 * Assembles the exporter's Express app from its parts, without listening, so tests drive it
 * in-process and main.ts only adds the socket and the signals.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import { requestLogging } from '../../lib/http/request-logging';
import type { Logger } from '../../lib/logging/logger';
import type { HealthCheck } from './health/check';
import { healthRoutes } from './health/routes';

export interface ExporterAppOptions {
  version: string;
  logger: Logger;
  checks: readonly HealthCheck[];
  healthTimeoutMs: number;
  lifecycle: Lifecycle;
}

export function createExporterApp(options: ExporterAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogging(options.logger.child({ logger: 'exporter.http' })));
  app.use(
    healthRoutes({
      version: options.version,
      checks: options.checks,
      timeoutMs: options.healthTimeoutMs,
      lifecycle: options.lifecycle,
    }),
  );
  app.use((req, res) => {
    res.status(404).json({ status: 'error', reason: `no route for ${req.method} ${req.path}` });
  });
  app.use(jsonErrors(options.logger.child({ logger: 'exporter.http' })));
  return app;
}

/** Errors answer JSON with a short reason; the details (and any stack) go to the log only. */
function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) logger.error({ err }, 'Unhandled error while serving a request');
    if (res.headersSent) return;
    res.status(status).json({ status: 'error', reason: status >= 500 ? 'internal error' : 'bad request' });
  };
}
