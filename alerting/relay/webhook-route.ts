/**
 * POST /alertmanager/webhook: Alertmanager's webhook_configs target. In order, so that each check
 * costs no more than it must:
 *
 *   401  RELAY_WEBHOOK_TOKEN is set and the bearer token is missing or wrong (before reading the body)
 *   415  the body is not application/json (or not UTF-8, or compressed other than gzip or deflate)
 *   413  the body is larger than RELAY_BODY_LIMIT_BYTES
 *   400  malformed JSON, or a payload that is not Alertmanager's version 4; the reason names the field
 *   503  the alerts cannot be kept (shutting down, queue full, spool write failed): Alertmanager retries
 *   200  every alert is delivered or safely queued: {"status":"ok","accepted":2,"deduplicated":1}
 */
import express, { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { bearerToken } from '../../lib/http/bearer-token';
import type { Logger } from '../../lib/logging/logger';
import type { Intake } from './intake';
import { parseWebhook, type WebhookPayload } from './webhook';

export const WEBHOOK_PATH = '/alertmanager/webhook';

export interface WebhookRouteOptions {
  intake: Intake;
  /** RELAY_WEBHOOK_TOKEN: required as `Authorization: Bearer <token>` when set. */
  token?: string;
  /** RELAY_BODY_LIMIT_BYTES. */
  bodyLimitBytes: number;
  logger: Logger;
}

/** Seconds Alertmanager is invited to wait before retrying a 503 (it has its own backoff anyway). */
const RETRY_AFTER_SECONDS = '10';

const ENCODINGS = new Set(['identity', 'gzip', 'deflate']);

/**
 * The checks up to a valid payload (401, 415, 413, 400 above), shared by every route Alertmanager
 * posts to (this one and watchdog/route.ts): the payload is left in `res.locals.payload`. Mount
 * `bodyErrors` on the route's path after it.
 */
export function webhookChecks(
  options: Pick<WebhookRouteOptions, 'token' | 'bodyLimitBytes'>,
  log: Logger,
): RequestHandler[] {
  const guard: RequestHandler[] = options.token ? [bearerToken(options.token)] : [];

  const requireJson: RequestHandler = (req, res, next) => {
    if (req.is('application/json')) return next();
    res.status(415).json({ status: 'error', reason: 'Content-Type must be application/json' });
  };

  // Alertmanager sends identity; gzip and deflate are kept for proxies that compress. Anything else
  // (br, zstd, a list of codings) is 415 here, before body-parser would try and answer 400 or 415
  // depending on its version.
  const requireKnownEncoding: RequestHandler = (req, res, next) => {
    const encoding = (req.get('content-encoding') ?? 'identity').trim().toLowerCase();
    if (ENCODINGS.has(encoding)) return next();
    res.status(415).json({
      status: 'error',
      reason: `Content-Encoding ${encoding.slice(0, 40)} is not supported (identity, gzip or deflate)`,
    });
  };

  const validPayload: RequestHandler = (req, res, next) => {
    const parsed = parseWebhook(req.body);
    if (!parsed.ok) {
      log.warning({ reason: parsed.reason }, 'Webhook payload refused');
      res.status(400).json({ status: 'error', reason: parsed.reason });
      return;
    }
    res.locals.payload = parsed.payload;
    next();
  };

  return [
    ...guard,
    requireJson,
    requireKnownEncoding,
    express.json({ limit: options.bodyLimitBytes }),
    validPayload,
  ];
}

export function webhookRoute(options: WebhookRouteOptions): Router {
  const log = options.logger.child({ logger: 'relay.webhook' });
  const router = Router();

  router.post(WEBHOOK_PATH, ...webhookChecks(options, log), async (_req, res) => {
    const payload = res.locals.payload as WebhookPayload;
    if ((payload.truncatedAlerts ?? 0) > 0) {
      log.warning({ truncated: payload.truncatedAlerts }, 'Alertmanager truncated alerts: set max_alerts: 0');
    }
    const result = await options.intake.accept(payload.alerts);
    if (!result.ok) {
      if (result.reason === 'shutting down')
        log.info({ alerts: payload.alerts.length }, 'Webhook refused while shutting down');
      else
        log.error(
          { err: result.error, reason: result.reason, alerts: payload.alerts.length },
          'Webhook refused',
        );
      res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
      res.status(503).json({ status: 'error', reason: result.reason });
      return;
    }
    log.info(
      {
        receiver: payload.receiver,
        alerts: payload.alerts.length,
        accepted: result.accepted,
        deduplicated: result.deduplicated,
      },
      'Alertmanager notification accepted',
    );
    res.json({ status: 'ok', accepted: result.accepted, deduplicated: result.deduplicated });
  });
  router.use(WEBHOOK_PATH, bodyErrors);
  return router;
}

/** body-parser's errors (413, 415, malformed JSON) as JSON with a short reason. */
export const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const type: unknown = err?.type;
  if (type === 'entity.too.large') {
    res.status(413).json({ status: 'error', reason: `body larger than ${err.limit} bytes` });
  } else if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    res.status(415).json({ status: 'error', reason: String(err.message) });
  } else if (type === 'entity.parse.failed') {
    res.status(400).json({ status: 'error', reason: `malformed JSON: ${String(err.message).slice(0, 200)}` });
  } else if (typeof err?.code === 'string' && err.code.startsWith('Z_')) {
    res.status(400).json({ status: 'error', reason: 'body does not match its Content-Encoding' });
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    res.status(err.status).json({ status: 'error', reason: 'bad request' });
  } else {
    next(err);
  }
};
