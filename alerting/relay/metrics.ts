/**
 * The relay's own metrics, next to the HTTP RED metrics (lib/http/red-metrics.ts) and the runtime
 * defaults on the same registry. Label values are bounded: alert status (2), and Telegram's HTTP
 * status or "timeout"/"network".
 *
 *   relay_alerts_received_total{status}        counter   alerts in valid webhook posts (retries count again)
 *   relay_alerts_deduplicated_total{status}    counter   of those, repeats within their cooldown, not sent
 *   relay_alerts_delivered_total{status}       counter   alerts in messages Telegram accepted
 *   relay_alerts_dropped_total                 counter   alerts Telegram refused as text and as HTML (a bug)
 *   relay_messages_sent_total                  counter   sendMessage calls Telegram accepted
 *   relay_telegram_errors_total{code}          counter   failed sendMessage calls: 429, 5xx..., timeout, network
 *   relay_queue_depth                          gauge     alerts accepted and not yet delivered
 *   relay_spool_write_failures_total           counter   appends that failed (answered 503)
 *   relay_delivery_seconds                     histogram acceptance to Telegram's acceptance, per alert
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { QueuedAlert } from './queued-alert';

/** From "as fast as the rate limit allows" to "Telegram was down for an hour". */
export const DELIVERY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] as const;

export interface RelayMetrics {
  received: Counter<'status'>;
  deduplicated: Counter<'status'>;
  delivered: Counter<'status'>;
  dropped: Counter;
  messagesSent: Counter;
  telegramErrors: Counter<'code'>;
  queueDepth: Gauge;
  spoolWriteFailures: Counter;
  deliverySeconds: Histogram;
}

export function relayMetrics(registry: Registry): RelayMetrics {
  const registers = [registry];
  const status = { labelNames: ['status'] as const, registers };
  const metrics: RelayMetrics = {
    received: new Counter({
      name: 'relay_alerts_received_total',
      help: 'Alerts in valid webhook posts.',
      ...status,
    }),
    deduplicated: new Counter({
      name: 'relay_alerts_deduplicated_total',
      help: 'Alerts not sent: the same status of the same alert within its cooldown.',
      ...status,
    }),
    delivered: new Counter({
      name: 'relay_alerts_delivered_total',
      help: 'Alerts in messages Telegram accepted.',
      ...status,
    }),
    dropped: new Counter({
      name: 'relay_alerts_dropped_total',
      help: 'Alerts Telegram refused both as HTML and as plain text.',
      registers,
    }),
    messagesSent: new Counter({
      name: 'relay_messages_sent_total',
      help: 'sendMessage calls Telegram accepted.',
      registers,
    }),
    telegramErrors: new Counter({
      name: 'relay_telegram_errors_total',
      help: 'Failed sendMessage calls, by HTTP status, or timeout / network.',
      labelNames: ['code'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'relay_queue_depth',
      help: 'Alerts accepted and not yet delivered.',
      registers,
    }),
    spoolWriteFailures: new Counter({
      name: 'relay_spool_write_failures_total',
      help: 'Spool appends that failed; the webhook answered 503.',
      registers,
    }),
    deliverySeconds: new Histogram({
      name: 'relay_delivery_seconds',
      help: 'Time from accepting an alert to Telegram accepting the message that carried it.',
      buckets: [...DELIVERY_BUCKETS],
      registers,
    }),
  };
  for (const s of ['firing', 'resolved']) {
    metrics.received.inc({ status: s }, 0);
    metrics.deduplicated.inc({ status: s }, 0);
    metrics.delivered.inc({ status: s }, 0);
  }
  return metrics;
}

/** Alerts out of the queue: delivered (counted by status, timed from acceptance) or dropped. */
export function recordSettled(
  metrics: RelayMetrics,
  items: readonly QueuedAlert[],
  delivered: boolean,
  now: number,
): void {
  if (!delivered) {
    metrics.dropped.inc(items.length);
    return;
  }
  for (const { alert, acceptedAt } of items) {
    metrics.delivered.inc({ status: alert.status });
    metrics.deliverySeconds.observe(Math.max(0, now - acceptedAt) / 1000);
  }
}
