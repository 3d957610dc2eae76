/**
 * A LokiShipper's counters as metrics, so a log pipeline that drops or cannot push lines shows on the
 * dashboards and can be alerted on. For any service that ships logs (exporter, relay); register only
 * when it has a shipper (LOKI_URL set), so absent series mean "not shipping", not "shipping nothing".
 *
 *   clicky_log_lines_shipped_total   counter  lines Loki accepted
 *   clicky_log_lines_dropped_total   counter  lines lost: buffer overflow, batch rejected, closed
 *   clicky_log_push_failures_total   counter  pushes that failed (retried or rejected)
 *   clicky_log_lines_buffered        gauge    lines waiting in memory for Loki
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { LokiShipperStats } from '../logging/loki/shipper';

/** What is read: a LokiShipper, or anything with the same counters. */
export interface LogShippingSource {
  stats(): LokiShipperStats;
}

export function logShippingMetrics(registry: Registry, shipper: LogShippingSource): void {
  const registers = [registry];
  // The shipper keeps the running totals; collect() copies them at scrape time (synchronous, free).
  const fromStats = (name: string, help: string, key: keyof LokiShipperStats) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        const stats = readStats(shipper);
        if (!stats) return; // keep the last total: dropping to 0 would read as a counter reset
        this.reset();
        this.inc(stats[key]);
      },
    });
  fromStats('clicky_log_lines_shipped_total', 'Log lines pushed to Loki and accepted.', 'sent_lines');
  fromStats(
    'clicky_log_lines_dropped_total',
    'Log lines lost before reaching Loki (buffer overflow, batch rejected by Loki, shutdown).',
    'dropped_lines',
  );
  fromStats(
    'clicky_log_push_failures_total',
    'Pushes to Loki that failed (network error, timeout, 429/5xx retried; other 4xx dropped).',
    'failed_pushes',
  );
  new Gauge({
    name: 'clicky_log_lines_buffered',
    help: 'Log lines held in memory waiting to be pushed to Loki.',
    registers,
    collect() {
      const stats = readStats(shipper);
      if (stats) this.set(stats.buffered_lines);
    },
  });
}

/** A throwing stats() must not fail the scrape. */
function readStats(shipper: LogShippingSource): LokiShipperStats | undefined {
  try {
    return shipper.stats();
  } catch {
    return undefined;
  }
}
