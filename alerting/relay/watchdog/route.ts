/**
 * POST /alertmanager/watchdog: where Alertmanager's `watchdog` receiver posts the always-firing
 * Watchdog alert (its own route: group_wait 0s, group_interval 1m, repeat_interval 1m). The same
 * checks as the webhook (webhook-route.ts webhookChecks: bearer token RELAY_WEBHOOK_TOKEN, JSON,
 * RELAY_BODY_LIMIT_BYTES, payload version 4), then:
 *
 *   200 {"status":"ok","alive":true}    a firing alert in the post: the pipeline is alive, recorded
 *   200 {"status":"ok","alive":false}   only resolved alerts: Alertmanager saying the Watchdog stopped
 *                                       (Prometheus stopped sending it), which is no sign of life
 *
 * The alerts themselves never reach Telegram: nothing here touches the intake.
 */
import { Router } from 'express';
import type { Logger } from '../../../lib/logging/logger';
import type { WebhookPayload } from '../webhook';
import { bodyErrors, webhookChecks } from '../webhook-route';

export const WATCHDOG_PATH = '/alertmanager/watchdog';

export interface WatchdogRouteOptions {
  /** Called when a post holds a firing alert. */
  seen(): void;
  /** RELAY_WEBHOOK_TOKEN. */
  token?: string;
  /** RELAY_BODY_LIMIT_BYTES. */
  bodyLimitBytes: number;
  logger: Logger;
}

export function watchdogRoute(options: WatchdogRouteOptions): Router {
  const log = options.logger.child({ logger: 'relay.watchdog' });
  const router = Router();
  router.post(WATCHDOG_PATH, ...webhookChecks(options, log), (_req, res) => {
    const payload = res.locals.payload as WebhookPayload;
    const alive = payload.alerts.some((alert) => alert.status === 'firing');
    if (alive) {
      options.seen();
      log.debug({ receiver: payload.receiver }, 'Watchdog received');
    } else {
      log.warning({ receiver: payload.receiver }, 'Watchdog resolved: Prometheus stopped sending it');
    }
    res.json({ status: 'ok', alive });
  });
  router.use(WATCHDOG_PATH, bodyErrors);
  return router;
}
