import { loadExporterConfig } from '../../exporter/src/config';
import { ConfigError } from '../../lib/config/env';
import packageJson from '../../package.json';

function variablesRejected(env: Record<string, string>): string[] {
  try {
    loadExporterConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => p.variable);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadExporterConfig', () => {
  it('has the documented defaults', () => {
    expect(loadExporterConfig({})).toEqual({
      port: 9470,
      version: packageJson.version,
      revision: 'unknown',
      env: 'development',
      logLevel: 'debug',
      databaseUrl: undefined,
      redisUrl: undefined,
      minio: undefined,
      healthTimeoutMs: 2000,
      shutdownDrainMs: 1000,
      lokiUrl: undefined,
      metricsToken: undefined,
      metricsCacheMs: 1000,
      metricsDependencyMaxAgeMs: 15000,
      metricsSystemIntervalMs: 15000,
      prometheus: undefined,
      business: { queriesFile: undefined, timeZone: 'Asia/Jakarta', topPrograms: 10, missedRefreshes: 3 },
    });
  });

  it('logs at INFO by default in production', () => {
    expect(loadExporterConfig({ APP_ENV: 'production' }).logLevel).toBe('info');
  });

  it('reads every variable', () => {
    const config = loadExporterConfig({
      PORT: '9999',
      APP_VERSION: '2.3.4',
      APP_REVISION: '3f2c1ab',
      APP_ENV: 'staging',
      LOG_LEVEL: 'WARNING',
      DATABASE_URL: 'postgres://clicky@db:5432/clicky',
      REDIS_URL: 'redis://redis:6379/0',
      MINIO_URL: 'http://minio:9000',
      MINIO_ACCESS_KEY: 'access',
      MINIO_SECRET_KEY: 'secret',
      MINIO_BUCKETS: 'uploads,avatars',
      HEALTH_TIMEOUT_MS: '750',
      SHUTDOWN_DRAIN_MS: '0',
      LOKI_URL: 'http://loki:3100',
      METRICS_TOKEN: 'scrape-token_1',
      METRICS_CACHE_MS: '0',
      METRICS_DEPENDENCY_MAX_AGE_MS: '5000',
      METRICS_SYSTEM_INTERVAL_MS: '30000',
      METRICS_QUERIES_FILE: '/etc/clicky/queries.yml',
      METRICS_TIME_ZONE: 'Asia/Makassar',
      METRICS_TOP_PROGRAMS: '5',
      METRICS_MISSED_REFRESHES: '2',
      PROMETHEUS_URL: 'http://prometheus:9090',
      PROMETHEUS_QUERY_INTERVAL_MS: '10000',
    });
    expect(config).toEqual({
      port: 9999,
      version: '2.3.4',
      revision: '3f2c1ab',
      env: 'staging',
      logLevel: 'warning',
      databaseUrl: 'postgres://clicky@db:5432/clicky',
      redisUrl: 'redis://redis:6379/0',
      minio: {
        url: 'http://minio:9000',
        accessKey: 'access',
        secretKey: 'secret',
        buckets: ['uploads', 'avatars'],
      },
      healthTimeoutMs: 750,
      shutdownDrainMs: 0,
      lokiUrl: 'http://loki:3100',
      metricsToken: 'scrape-token_1',
      metricsCacheMs: 0,
      metricsDependencyMaxAgeMs: 5000,
      metricsSystemIntervalMs: 30000,
      prometheus: { url: 'http://prometheus:9090', intervalMs: 10000 },
      business: {
        queriesFile: '/etc/clicky/queries.yml',
        timeZone: 'Asia/Makassar',
        topPrograms: 5,
        missedRefreshes: 2,
      },
    });
  });

  it('refuses a METRICS_TOKEN no client could send, without echoing it', () => {
    expect(variablesRejected({ METRICS_TOKEN: 'has space' })).toEqual(['METRICS_TOKEN']);
  });

  it('refuses DEBUG in production, naming LOG_LEVEL', () => {
    expect(variablesRejected({ APP_ENV: 'production', LOG_LEVEL: 'debug' })).toEqual(['LOG_LEVEL']);
  });

  it('requires MinIO credentials when MINIO_URL is set', () => {
    expect(variablesRejected({ MINIO_URL: 'http://minio:9000' }).sort()).toEqual([
      'MINIO_ACCESS_KEY',
      'MINIO_SECRET_KEY',
    ]);
  });

  it.each([
    ['PORT', '0'],
    ['APP_ENV', 'prod'],
    ['LOG_LEVEL', 'verbose'],
    ['DATABASE_URL', 'http://db'],
    ['REDIS_URL', 'localhost:6379'],
    ['MINIO_URL', 's3://bucket'],
    ['HEALTH_TIMEOUT_MS', 'soon'],
    ['LOKI_URL', 'loki:3100'],
    ['METRICS_TIME_ZONE', 'Mars/Olympus_Mons'],
    ['METRICS_CACHE_MS', '60000'],
    ['METRICS_DEPENDENCY_MAX_AGE_MS', '0'],
    ['PROMETHEUS_URL', 'prometheus:9090'],
    ['METRICS_TOP_PROGRAMS', '0'],
    ['METRICS_MISSED_REFRESHES', 'many'],
  ])('rejects %s=%s', (variable, value) => {
    expect(variablesRejected({ [variable]: value })).toContain(variable);
  });
});
