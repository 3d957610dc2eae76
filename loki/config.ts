/**
 * Loki's configuration, one file per environment (loki/loki.<env>.yml, written by
 * stack/generate-configs.ts): a single binary on the local file system, schema v13 on TSDB, the
 * compactor deleting what is older than the environment's retention (spec section 3, Log Storage).
 */

/** Spec section 3: staging keeps 7 days, production 30. Development logs to stdout only. */
export const retentionDays = { staging: 7, production: 30 } as const;

export type LokiEnv = keyof typeof retentionDays;

/** The named volume Loki writes to (docker-compose.monitoring.yml). */
export const DATA_DIR = '/loki';

export const HTTP_PORT = 3100;

const hours = (days: number) => `${days * 24}h`;

export function lokiConfig(env: LokiEnv) {
  return {
    auth_enabled: false,
    server: { http_listen_port: HTTP_PORT, grpc_listen_port: 9096, log_level: 'info' },
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: DATA_DIR,
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
      storage: {
        filesystem: { chunks_directory: `${DATA_DIR}/chunks`, rules_directory: `${DATA_DIR}/rules` },
      },
    },
    schema_config: {
      configs: [
        {
          // Any day before the first line; changing the schema later means a new entry, never editing this one.
          from: '2026-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    limits_config: {
      retention_period: hours(retentionDays[env]),
      // Lines older than the retention would be deleted at the next compaction anyway.
      reject_old_samples: true,
      reject_old_samples_max_age: hours(Math.min(retentionDays[env], 7)),
      allow_structured_metadata: true,
    },
    compactor: {
      working_directory: `${DATA_DIR}/compactor`,
      compaction_interval: '10m',
      // Retention is applied by the compactor only; Loki 3 refuses retention without a delete-request store.
      retention_enabled: true,
      retention_delete_delay: '2h',
      delete_request_store: 'filesystem',
    },
    analytics: { reporting_enabled: false },
  };
}

export type LokiConfig = ReturnType<typeof lokiConfig>;
