/**
 * The HA pair (compose profile `ha`, README "Highly available alert path"): two Prometheus replicas
 * scraping the same targets with the same rules, told apart by the external label `replica`, each
 * sending to both Alertmanagers of the cluster. `replica` is dropped from alerts before they are sent
 * (alert_relabel_configs): the two replicas' alerts are then identical, and Alertmanager merges them
 * into one (same labels, same fingerprint), so nothing is notified twice.
 */
import type { AppEnv } from '../lib/logging/levels';
import { type PrometheusConfig, prometheusConfig } from './config';
import type { Targets } from './targets';

export const REPLICA_LABEL = 'replica';

/** The replicas: `a` is the `prometheus` service, `b` the profile's `prometheus-b`. */
export const replicas = ['a', 'b'] as const;
export type Replica = (typeof replicas)[number];

/** The Alertmanager cluster's members (compose services) and the relays (alerting/alertmanager/ha.ts). */
export const haAlertmanagers = ['alertmanager:9093', 'alertmanager-b:9093'] as const;

export function haPrometheusConfig(
  targets: Targets,
  env: AppEnv,
  replica: string,
  alertmanagers: readonly string[] = haAlertmanagers,
): PrometheusConfig {
  const base = prometheusConfig(targets, env);
  return {
    ...base,
    global: { ...base.global, external_labels: { [REPLICA_LABEL]: replica } },
    alerting: {
      alert_relabel_configs: [{ action: 'labeldrop', regex: REPLICA_LABEL }],
      alertmanagers: [{ static_configs: [{ targets: [...alertmanagers] }] }],
    },
  };
}
