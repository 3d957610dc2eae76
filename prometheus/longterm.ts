/**
 * Long-term storage: Prometheus remote-writes every sample it scrapes to VictoriaMetrics single-node
 * (compose profile `longterm`), which keeps them past Prometheus's own 30 days. Prometheus still
 * evaluates the rules and alerts from its local TSDB: the long-term store is for history, and an outage
 * of it never silences an alert (remote write retries from the WAL, up to its 2 hours).
 *
 * The same settings carry to the scalable stores (prometheus/README.md, "Long-term storage"): only the
 * URL changes for VictoriaMetrics cluster (vminsert) or Mimir (its distributor); Thanos takes a sidecar
 * instead of remote write.
 */

import type { AppEnv } from '../lib/logging/levels';
import { type ConfigOptions, type LabelDrop, type PrometheusConfig, prometheusConfig } from './config';
import type { Targets } from './targets';

/** The compose service of the `longterm` profile and its port. */
export const LONGTERM_SERVICE = 'victoriametrics:8428';

/** VictoriaMetrics's endpoint for Prometheus's remote-write protocol. */
export const remoteWriteUrl = (hostPort: string) => `http://${hostPort}/api/v1/write`;

export interface RemoteWrite {
  url: string;
  queue_config: { max_samples_per_send: number; batch_send_deadline: string; max_backoff: string };
  /** Applied after the external labels are added (the HA pair's `replica` is dropped here). */
  write_relabel_configs?: LabelDrop[];
}

/**
 * One remote-write target. Batches larger than the default 2000 samples: the stack's few thousand series
 * per scrape go in one or two requests. The backoff cap is Prometheus's default, written out because it
 * bounds how late a restarted store catches up.
 */
export function remoteWrite(url: string): RemoteWrite {
  return {
    url,
    queue_config: { max_samples_per_send: 5000, batch_send_deadline: '5s', max_backoff: '5s' },
  };
}

/** `config` remote-writing to the store at `store` (host:port), through `relabel` when given. */
export function withRemoteWrite(
  config: PrometheusConfig,
  store = LONGTERM_SERVICE,
  relabel: LabelDrop[] = [],
): PrometheusConfig {
  const write = remoteWrite(remoteWriteUrl(store));
  return {
    ...config,
    remote_write: [relabel.length > 0 ? { ...write, write_relabel_configs: relabel } : write],
  };
}

/** prometheus.<env>.longterm.yml: the environment's configuration plus remote write to the store. */
export function longtermConfig(
  targets: Targets,
  env: AppEnv,
  store = LONGTERM_SERVICE,
  options: ConfigOptions = {},
): PrometheusConfig {
  return withRemoteWrite(prometheusConfig(targets, env, options), store);
}
