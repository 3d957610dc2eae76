/**
 * Assembles the relay's Express app from its parts, without listening, so tests drive it in-process
 * and main.ts only adds the socket, the spool, the delivery loop and the signals.
 */
import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import { bearerToken } from '../../lib/http/bearer-token';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import { jsonErrors, notFound } from '../../lib/http/json-errors';
import { redMetrics } from '../../lib/http/red-metrics';
import { requestLogging } from '../../lib/http/request-logging';
import type { Logger } from '../../lib/logging/logger';
import { negotiateFormat, renderMetrics } from '../../lib/metrics/exposition';
import { healthRoutes, type Readiness } from './health-routes';
import type { Intake } from './intake';
import { webhookRoute } from './webhook-route';

export interface RelayAppOptions {
  version: string;
  logger: Logger;
  lifecycle: Lifecycle;
  intake: Intake;
  readiness(): Readiness;
  /** The registry the relay metrics live on; RED metrics are added to it, GET /metrics serves it. */
  registry: Registry;
  /** METRICS_TOKEN: required on /metrics when set. */
  metricsToken?: string;
  /** RELAY_WEBHOOK_TOKEN: required on the webhook when set. */
  webhookToken?: string;
  bodyLimitBytes: number;
  /** More routes (the watchdog's, watchdog/setup.ts), mounted before the 404. */
  routes?: readonly Router[];
}

export function createRelayApp(options: RelayAppOptions): Express {
  const httpLog = options.logger.child({ logger: 'relay.http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLogging(httpLog));
  app.use(redMetrics(options.registry));
  app.use(healthRoutes(options));
  const guard: RequestHandler[] = options.metricsToken ? [bearerToken(options.metricsToken)] : [];
  app.get('/metrics', ...guard, async (req, res) => {
    const { contentType, body } = await renderMetrics(options.registry, negotiateFormat(req.get('accept')));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept');
    res.setHeader('Content-Type', contentType);
    res.send(body);
  });
  app.use(
    webhookRoute({
      intake: options.intake,
      token: options.webhookToken,
      bodyLimitBytes: options.bodyLimitBytes,
      logger: options.logger,
    }),
  );
  for (const route of options.routes ?? []) app.use(route);
  app.use(notFound);
  app.use(jsonErrors(httpLog));
  return app;
}
