/**
 * The watchdog's metrics, on the relay's registry:
 *
 *   relay_watchdog_last_seen_timestamp_seconds   gauge    the last Watchdog (the start-up time before the first)
 *   relay_watchdog_notifications_total{kind}     counter  notices queued for the chat: silent, recovered
 *
 * `time() - relay_watchdog_last_seen_timestamp_seconds` is the age GET /health/pipeline reports.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface WatchdogMetrics {
  lastSeen: Gauge;
  notifications: Counter<'kind'>;
}

export function watchdogMetrics(registry: Registry): WatchdogMetrics {
  const registers = [registry];
  const metrics: WatchdogMetrics = {
    lastSeen: new Gauge({
      name: 'relay_watchdog_last_seen_timestamp_seconds',
      help: 'When the last Watchdog alert arrived (the start-up time before the first), in seconds since the epoch.',
      registers,
    }),
    notifications: new Counter({
      name: 'relay_watchdog_notifications_total',
      help: 'Notices about the alerting pipeline queued for Telegram: silent, recovered.',
      labelNames: ['kind'] as const,
      registers,
    }),
  };
  for (const kind of ['silent', 'recovered']) metrics.notifications.inc({ kind }, 0);
  return metrics;
}
