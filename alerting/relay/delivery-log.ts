/**
 * What the delivery queue logs, in one place so the queue reads as its algorithm. Each Telegram call
 * is logged as "Telegram API call" with the fields of the spec's "External API call" event (service,
 * endpoint, status, duration_ms), not as that event: the catalogue's message names the API's calls
 * ("WP, payment"), and a Telegram send logged under it read as one of those. The endpoint is the method
 * name, never the URL, which holds the bot token. Reasons come from telegram.ts, scrubbed.
 */
import type { Logger } from '../../lib/logging/logger';
import type { QueuedAlert } from './queued-alert';
import { outcomeCode, type SendOutcome } from './telegram';

type Failure = Exclude<SendOutcome, { kind: 'sent' }>;

export function deliveryLog(parent: Logger) {
  const logger = parent.child({ logger: 'relay.delivery' });
  return {
    call(outcome: SendOutcome, durationMs: number) {
      logger.info(
        {
          service: 'telegram',
          endpoint: 'sendMessage',
          status: outcome.status ?? 0,
          duration_ms: Math.round(durationMs),
        },
        'Telegram API call',
      );
    },
    delivered(alerts: number, parts: number) {
      logger.info({ alerts, parts }, 'Alerts delivered to Telegram');
    },
    failed(outcome: Failure, attempt: number, retryInMs: number) {
      const fields = { code: outcomeCode(outcome), reason: outcome.reason, attempt, retry_in_ms: retryInMs };
      // A refused chat or token needs a person; a 429 or an outage passes by itself.
      if (outcome.kind === 'refused') logger.error(fields, 'Telegram refused the chat or the bot token');
      else logger.warning(fields, 'Telegram sendMessage failed, will retry');
    },
    markupRefused(outcome: Failure, alerts: number) {
      logger.error(
        { code: outcomeCode(outcome), reason: outcome.reason, alerts },
        'Telegram refused the message as HTML, sending it as plain text',
      );
    },
    dropped(outcome: Failure, items: readonly QueuedAlert[]) {
      logger.critical(
        {
          code: outcomeCode(outcome),
          reason: outcome.reason,
          alertnames: items.map((i) => i.alert.labels.alertname ?? ''),
          fingerprints: items.map((i) => i.alert.fingerprint),
        },
        'Telegram refused alerts even as plain text; they are dropped',
      );
    },
    crashed(err: unknown) {
      logger.error({ err }, 'Delivery loop failed, retrying');
    },
  };
}
