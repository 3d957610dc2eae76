/**
 * Where Prometheus finds each service, as `host:port`. In docker-compose.monitoring.yml the hosts are
 * the compose service names; the local stack (stack/) substitutes 127.0.0.1 and free ports.
 * A target left out drops its scrape job (the local stack runs no cAdvisor, for instance).
 */
export interface Targets {
  prometheus: string;
  alertmanager: string;
  exporter: string;
  relay?: string;
  /** The FastAPI app, in the application's compose project (network `app`). */
  api?: string;
  nodeExporter?: string;
  cadvisor?: string;
  pushgateway?: string;
  blackbox: string;
  loki?: string;
  alloy?: string;
}

/** Compose service names and their ports; the compose tests check each against the compose file. */
export const composeTargets = {
  prometheus: 'prometheus:9090',
  alertmanager: 'alertmanager:9093',
  exporter: 'exporter:9470',
  relay: 'relay:9471',
  api: 'fastapi:8000',
  nodeExporter: 'node-exporter:9100',
  cadvisor: 'cadvisor:8080',
  pushgateway: 'pushgateway:9091',
  blackbox: 'blackbox:9115',
  loki: 'loki:3100',
  alloy: 'alloy:12345',
} as const satisfies Required<Targets>;
