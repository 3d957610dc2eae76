/**
 * The HA pair (compose profile `ha`, README "Highly available alert path"): two Prometheus replicas
 * scraping the same targets with the same rules, told apart by the external label `replica`, each
 * sending to both Alertmanagers of the cluster. `replica` is dropped from alerts before they are sent
 * (alert_relabel_configs): the two replicas' alerts are then identical, and Alertmanager merges them
 * into one (same labels, same fingerprint), so nothing is notified twice.
 *
 * Each replica also scrapes the profile's second members (prometheus-b, alertmanager-b, relay-b) in the
 * jobs of the first: TargetDown, RelayDown and the Alertmanager meta alerts then watch both halves of
 * each pair, by `instance`, and either replica sees the other go down.
 */

import { secondRelayHost } from '../alerting/alertmanager/ha';
import type { AppEnv } from '../lib/logging/levels';
import { type LabelDrop, otherJobs, type PrometheusConfig, prometheusConfig } from './config';
import type { Targets } from './targets';

export const REPLICA_LABEL = 'replica';

/**
 * Takes `replica` off what leaves a replica for a place both replicas feed, so that the two send the
 * same thing: alerts to Alertmanager (here) and samples to the long-term store (prometheus/ha-longterm.ts).
 */
export const dropReplica: LabelDrop = { action: 'labeldrop', regex: REPLICA_LABEL };

/** The replicas: `a` is the `prometheus` service, `b` the profile's `prometheus-b`. */
export const replicas = ['a', 'b'] as const;
export type Replica = (typeof replicas)[number];

/** The Alertmanager cluster's members (compose services) and the relays (alerting/alertmanager/ha.ts). */
export const haAlertmanagers = ['alertmanager:9093', 'alertmanager-b:9093'] as const;

/** The profile's second member of each pair, scraped in its first member's job. */
export const haSecondTargets: Record<string, string> = {
  [otherJobs.prometheus]: 'prometheus-b:9090',
  [otherJobs.alertmanager]: haAlertmanagers[1],
  [otherJobs.relay]: secondRelayHost,
};

export function haPrometheusConfig(
  targets: Targets,
  env: AppEnv,
  replica: string,
  alertmanagers: readonly string[] = haAlertmanagers,
): PrometheusConfig {
  const base = prometheusConfig(targets, env);
  return {
    ...base,
    scrape_configs: base.scrape_configs.map((job) => {
      const second = haSecondTargets[job.job_name];
      if (second === undefined) return job;
      // A plain job has one static config; the second member takes its labels (env).
      return {
        ...job,
        static_configs: job.static_configs.map((c) => ({ ...c, targets: [...c.targets, second] })),
      };
    }),
    global: { ...base.global, external_labels: { [REPLICA_LABEL]: replica } },
    alerting: {
      alert_relabel_configs: [dropReplica],
      alertmanagers: [{ static_configs: [{ targets: [...alertmanagers] }] }],
    },
  };
}
