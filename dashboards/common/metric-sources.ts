/**
 * Metrics the dashboards read that no service of this repository produces, by the program that does.
 * Everything else a panel reads must be on the exporter's /metrics (test/dashboards checks both).
 */
import { filesystem, probe, scrapeUp } from '../../alerting/rules/metrics';
import { series } from '../../alerting/slo/rules';
import { ratioWindows } from '../../alerting/slo/windows';
import { buildInfoName } from '../../lib/metrics/build-info';

export const externalMetrics = {
  node_exporter: [filesystem.avail, filesystem.size],
  cadvisor: ['container_cpu_usage_seconds_total', 'container_memory_working_set_bytes'],
  blackbox_exporter: [probe.success, probe.duration, probe.sslExpiry],
  /** Prometheus itself: scrape health and the alert rules' state. */
  prometheus: [scrapeUp, 'ALERTS'],
  /** Recorded by the SLO rules (alerting/slo/): test/dashboards/slo.test.ts runs them in Prometheus. */
  slo_rules: [...[...ratioWindows, '30d' as const].map((w) => series.errorRatio(w)), series.budgetRemaining],
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
