/**
 * loki/loki.<env>.yml (generated from loki/config.ts). No Loki binary runs here: the files are checked
 * against the keys Loki 3 documents for the blocks used, and for what the spec and Loki 3 require.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DATA_DIR, type LokiEnv, lokiConfig, retentionDays } from '../../loki/config';
import { lokiFile } from '../../stack/generate-configs';

const envs = Object.keys(retentionDays) as LokiEnv[];
const committed = (env: LokiEnv) => parse(readFileSync(lokiFile(env), 'utf8')) as Record<string, unknown>;

/** The keys Loki 3's configuration reference documents, for each block the files set. */
const documented: Record<string, string[]> = {
  '': [
    'auth_enabled',
    'server',
    'common',
    'schema_config',
    'limits_config',
    'compactor',
    'analytics',
    'storage_config',
    'ingester',
    'querier',
    'query_range',
    'ruler',
    'frontend',
  ],
  server: ['http_listen_port', 'grpc_listen_port', 'log_level', 'http_listen_address', 'grpc_listen_address'],
  common: ['instance_addr', 'path_prefix', 'replication_factor', 'ring', 'storage', 'compactor_address'],
  limits_config: [
    'retention_period',
    'reject_old_samples',
    'reject_old_samples_max_age',
    'allow_structured_metadata',
    'ingestion_rate_mb',
    'ingestion_burst_size_mb',
    'max_query_lookback',
  ],
  compactor: [
    'working_directory',
    'compaction_interval',
    'retention_enabled',
    'retention_delete_delay',
    'retention_delete_worker_count',
    'delete_request_store',
  ],
  analytics: ['reporting_enabled'],
};

describe.each(envs)('loki.%s.yml', (env) => {
  const config = committed(env);

  it('is what loki/config.ts generates', () => {
    expect(config).toEqual(JSON.parse(JSON.stringify(lokiConfig(env))));
  });

  it('sets only documented keys in the blocks it uses', () => {
    for (const [block, keys] of Object.entries(documented)) {
      const value = (block === '' ? config : config[block]) as Record<string, unknown> | undefined;
      expect([block, Object.keys(value ?? {}).filter((k) => !keys.includes(k))]).toEqual([block, []]);
    }
  });

  it(`keeps ${retentionDays[env]} days (spec section 3), deleted by the compactor`, () => {
    expect(config).toMatchObject({
      limits_config: { retention_period: `${retentionDays[env] * 24}h` },
      // Loki 3 refuses retention_enabled without a delete_request_store.
      compactor: { retention_enabled: true, delete_request_store: 'filesystem' },
    });
  });

  it('is a single binary on the file system, schema v13 on TSDB, everything under the data volume', () => {
    expect(config).toMatchObject({
      auth_enabled: false,
      common: { replication_factor: 1, ring: { kvstore: { store: 'inmemory' } }, path_prefix: DATA_DIR },
      schema_config: { configs: [{ store: 'tsdb', object_store: 'filesystem', schema: 'v13' }] },
    });
    const paths = JSON.stringify(config).match(/"\/[^"]*"/g) ?? [];
    expect(paths.length).toBeGreaterThan(2);
    for (const path of paths) expect(path.startsWith(`"${DATA_DIR}`)).toBe(true);
  });
});

it('keeps staging 7 days and production 30', () => {
  expect(retentionDays).toEqual({ staging: 7, production: 30 });
});
