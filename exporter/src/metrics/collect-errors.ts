/**
 * `clicky_system_collect_errors_total{source}`: failed background refreshes of the system metrics
 * (source "postgres" or "redis"), shared by every collector on a registry. A failure never fails a
 * scrape; this counter is how it shows.
 */
import { Counter, type Registry } from 'prom-client';

const NAME = 'clicky_system_collect_errors_total';

/** The registry's counter (created by the first caller), with `source` set to 0 so rate() sees the first error. */
export function collectErrors(registry: Registry, source: string): Counter<'source'> {
  const counter =
    (registry.getSingleMetric(NAME) as Counter<'source'> | undefined) ??
    new Counter({
      name: NAME,
      help: 'Failed background refreshes of system metrics, by source; the source series expire after a few.',
      labelNames: ['source'],
      registers: [registry],
    });
  counter.inc({ source }, 0);
  return counter;
}
