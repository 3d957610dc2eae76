/**
 * A service's metric registry: its own prom-client Registry (never the global one, so tests and
 * several apps in one process never share series) with the default process and Node.js runtime
 * metrics (CPU, memory, file descriptors, event loop lag, GC, version).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface RegistryOptions {
  /**
   * Prefix of the default process/runtime metrics only, e.g. 'clicky_exporter_'. The service's own
   * metric names (http_requests_total, clicky_dependency_up, ...) are a contract with the alert rules
   * and dashboards and are never prefixed. Default: none (process_cpu_seconds_total, nodejs_...).
   */
  prefix?: string;
  /**
   * Labels added to every series this registry exposes, e.g. `{ service: 'exporter' }`. Usually
   * unnecessary: Prometheus adds `job` and `instance` at scrape time.
   */
  defaultLabels?: Record<string, string>;
  /** Whether to collect the default process/runtime metrics. Default true. */
  defaultMetrics?: boolean;
}

/**
 * Default gauges dropped after registration:
 * - the *_total gauges duplicate the sum of their labelled siblings (nodejs_active_handles{type} ...),
 *   and a gauge named *_total breaks the naming rules `promtool check metrics` enforces;
 * - nodejs_eventloop_lag_seconds samples one loop turn per scrape (an async collect every scrape
 *   waits for): noisy, and redundant with the p50/p90/p99 family from monitorEventLoopDelay;
 * - nodejs_active_resources walks every resource of the process per scrape and duplicates
 *   nodejs_active_handles/requests.
 * Together they were ~70% of a scrape's rendering time (bench:metrics).
 */
const REDUNDANT_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
  'nodejs_active_resources',
  'nodejs_eventloop_lag_seconds',
];

export function createRegistry(options: RegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.defaultMetrics ?? true) {
    const prefix = options.prefix ?? '';
    collectDefaultMetrics({ register: registry, prefix });
    for (const name of REDUNDANT_DEFAULTS) registry.removeSingleMetric(`${prefix}${name}`);
  }
  return registry;
}
