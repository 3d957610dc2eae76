/**
 * Metrics the dashboards read that no service of this repository produces, by the program that does.
 * Everything else a panel reads must be on the exporter's /metrics (test/dashboards checks both).
 */
import { filesystem, probe, scrapeUp } from '../../alerting/rules/metrics';
import { buildInfoName } from '../../lib/metrics/build-info';

export const externalMetrics = {
  node_exporter: [filesystem.avail, filesystem.size],
  cadvisor: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'],
  blackbox_exporter: [probe.success, probe.duration, probe.sslExpiry],
  /** Prometheus itself: scrape health and the alert rules' state. */
  prometheus: [scrapeUp, 'ALERTS'],
  /** The relay (alerting/relay): its build info is checked by test/lib/metrics and the relay's tests. */
  relay: [buildInfoName('relay')],
} as const satisfies Record<string, readonly string[]>;

export type ExternalSource = keyof typeof externalMetrics;

/** The program that produces `metric`, when it is not this repository. */
export function externalSource(metric: string): ExternalSource | undefined {
  const entry = Object.entries(externalMetrics).find(([, names]) =>
    (names as readonly string[]).includes(metric),
  );
  return entry?.[0] as ExternalSource | undefined;
}
