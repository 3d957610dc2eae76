/**
 * The datasources Grafana is provisioned with (dashboards/provisioning/datasources/datasources.yml) and
 * how panels refer to them. The uids are fixed so dashboards and provisioning agree without lookups.
 */

export interface ProvisionedDatasource {
  name: string;
  type: 'prometheus' | 'loki' | 'alertmanager';
  uid: string;
  /** Compose service and port (docker-compose.monitoring.yml). */
  url: string;
}

export const datasources = {
  prometheus: { name: 'Prometheus', type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' },
  loki: { name: 'Loki', type: 'loki', uid: 'loki', url: 'http://loki:3100' },
  /**
   * The long-term store (compose profile `longterm`, prometheus/longterm.ts): PromQL over the history
   * past Prometheus's 30 days, picked in a dashboard's datasource variable. Without the profile it is
   * provisioned all the same and answers "bad gateway" when picked.
   */
  victoriametrics: {
    name: 'VictoriaMetrics (long-term)',
    type: 'prometheus',
    uid: 'victoriametrics',
    url: 'http://victoriametrics:8428',
  },
  alertmanager: {
    name: 'Alertmanager',
    type: 'alertmanager',
    uid: 'alertmanager',
    url: 'http://alertmanager:9093',
  },
} as const satisfies Record<string, ProvisionedDatasource>;

/** Names of the dashboards' datasource variables; their default is the provisioned uid. */
export const datasourceVariables = { prometheus: 'datasource', loki: 'loki' } as const;

/**
 * Panels and queries go through the variable, so a second Prometheus (a staging one, say) can be picked
 * in the UI; the variable defaults to the provisioned datasource.
 */
export const prometheusRef = { type: 'prometheus', uid: `\${${datasourceVariables.prometheus}}` };
export const lokiRef = { type: 'loki', uid: `\${${datasourceVariables.loki}}` };
