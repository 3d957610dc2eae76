/**
 * Webhook mode (RELAY_BOT=webhook): Telegram POSTs each update to RELAY_BOT_WEBHOOK_URL, a public
 * HTTPS URL that must lead (through the reverse proxy that holds the certificate) to the relay's
 * `POST /telegram/webhook`. At start the relay calls setWebhook with that URL and
 * RELAY_BOT_WEBHOOK_SECRET as `secret_token`; Telegram then sends the secret in the
 * X-Telegram-Bot-Api-Secret-Token header of every post, checked here in constant time on every call
 * (missing: 401, wrong: 403), so nobody who merely knows the URL can feed the bot updates.
 *
 * The update goes to the same handler as long polling's, awaited before the 200: Telegram sends one
 * update at a time per bot and re-sends one that got no answer, like the poller's offset. A handler
 * error is logged and still answered 200, as the poller passes a bad update, so one bad update does
 * not block the ones behind it.
 */
import express, { type Router } from 'express';
import { secretCheck } from '../../../lib/http/bearer-token';
import type { Logger } from '../../../lib/logging/logger';
import { Backoff } from '../../../lib/retry/backoff';
import { createAlarm } from '../alarm';
import type { BotApi } from './bot-api';
import type { Update } from './poller';

export const WEBHOOK_PATH = '/telegram/webhook';
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Telegram's updates are small; a large body is not from Telegram. */
const BODY_LIMIT = '1mb';

export function webhookRoute(options: {
  secret: string;
  handle(update: Update): Promise<void>;
  logger: Logger;
}): Router {
  const check = secretCheck(options.secret);
  const router = express.Router();
  router.post(WEBHOOK_PATH, (req, res, next) => {
    const verdict = check(req.get(SECRET_HEADER));
    if (verdict === 'ok') return next();
    res.status(verdict === 'missing' ? 401 : 403).json({
      status: 'error',
      reason: verdict === 'missing' ? 'secret token header required' : 'wrong secret token',
    });
  });
  router.post(WEBHOOK_PATH, express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const update = req.body as Update | undefined;
    if (typeof update?.update_id !== 'number')
      return void res.status(400).json({ status: 'error', reason: 'not a Telegram update (no update_id)' });
    try {
      await options.handle(update);
    } catch (err) {
      options.logger.error({ err, update_id: update.update_id }, 'Bot update failed');
    }
    res.json({ status: 'ok' });
  });
  return router;
}

/**
 * Registers the webhook with Telegram, retrying with backoff until Telegram accepts (a Telegram
 * outage at start must not need a restart); `stop` ends the attempts.
 */
export function registerWebhook(options: {
  api: BotApi;
  url: string;
  secret: string;
  logger: Logger;
  backoff?: { initialMs: number; maxMs: number };
}): { done: Promise<void>; stop(): void } {
  const backoff = new Backoff(options.backoff ?? { initialMs: 1000, maxMs: 60_000 });
  const alarm = createAlarm();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const answer = await options.api.call('setWebhook', {
        url: options.url,
        secret_token: options.secret,
        allowed_updates: ['callback_query', 'message'],
        max_connections: 1,
      });
      if (answer.ok) {
        options.logger.info({ url: options.url }, 'Telegram webhook set');
        return;
      }
      const wait = backoff.failed();
      options.logger.error({ reason: answer.description, retry_in_ms: wait }, 'Telegram setWebhook failed');
      await alarm.sleep(wait);
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      alarm.wake();
    },
  };
}
