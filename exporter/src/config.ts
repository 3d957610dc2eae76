/**
 * The exporter's configuration: the only reader of process.env in this service, validated at
 * start. Variable names are fixed by the foundation issue so deployments and docs agree; the
 * README's configuration table lists them.
 */
import { z } from 'zod';
import { type Env, envVar, loadEnv } from '../../lib/config/env';
import { bearerTokenVar, httpServiceEnvFields } from '../../lib/config/http-service-env';
import { checkLogLevel, loggingConfig, loggingEnvFields } from '../../lib/config/logging-env';
import type { AppEnv, LevelName } from '../../lib/logging/levels';
import { DEFAULT_TOP_PROGRAMS } from './business/catalogue';
import { DEFAULT_MISSED_REFRESHES, DEFAULT_TIME_ZONE } from './business/refresher';

const schema = z
  .object({
    PORT: envVar.port(9470),
    ...httpServiceEnvFields,
    ...loggingEnvFields,
    DATABASE_URL: envVar.url(['postgres', 'postgresql']),
    REDIS_URL: envVar.url(['redis', 'rediss']),
    MINIO_URL: envVar.url(['http', 'https']),
    MINIO_ACCESS_KEY: z.string().optional(),
    MINIO_SECRET_KEY: z.string().optional(),
    MINIO_BUCKETS: envVar.list(['uploads']),
    HEALTH_TIMEOUT_MS: envVar.milliseconds(2000, { max: 60_000 }),
    METRICS_TOKEN: bearerTokenVar(),
    METRICS_CACHE_MS: envVar.milliseconds(1000, { min: 0, max: 10_000 }),
    METRICS_DEPENDENCY_MAX_AGE_MS: envVar.milliseconds(15_000, { min: 1000, max: 300_000 }),
    METRICS_SYSTEM_INTERVAL_MS: envVar.milliseconds(15_000, { min: 1000, max: 600_000 }),
    METRICS_QUERIES_FILE: z.string().optional(),
    METRICS_TIME_ZONE: envVar.timeZone(DEFAULT_TIME_ZONE),
    METRICS_TOP_PROGRAMS: envVar.count(DEFAULT_TOP_PROGRAMS, { min: 1, max: 100 }),
    METRICS_MISSED_REFRESHES: envVar.count(DEFAULT_MISSED_REFRESHES, { min: 1, max: 100 }),
    PROMETHEUS_URL: envVar.url(['http', 'https']),
    PROMETHEUS_QUERY_INTERVAL_MS: envVar.milliseconds(30_000, { min: 1000, max: 600_000 }),
  })
  .superRefine((env, ctx) => {
    checkLogLevel(env, ctx);
    if (env.MINIO_URL) {
      for (const key of ['MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY'] as const) {
        if (!env[key])
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when MINIO_URL is set' });
      }
    }
  });

export interface ExporterConfig {
  port: number;
  version: string;
  /** APP_REVISION: the source revision, for clicky_exporter_build_info. */
  revision: string;
  env: AppEnv;
  logLevel: LevelName;
  databaseUrl?: string;
  redisUrl?: string;
  minio?: { url: string; accessKey: string; secretKey: string; buckets: string[] };
  healthTimeoutMs: number;
  shutdownDrainMs: number;
  lokiUrl?: string;
  /** Bearer token required on /metrics and /metrics/summary; unset: open. */
  metricsToken?: string;
  /** How long one rendering of /metrics answers scrapes; 0: only those that arrive during it. */
  metricsCacheMs: number;
  metricsDependencyMaxAgeMs: number;
  metricsSystemIntervalMs: number;
  /**
   * Where the admin summary reads the API's status and 5xx count (PROMETHEUS_URL), and how often
   * (PROMETHEUS_QUERY_INTERVAL_MS); unset: api_status is unknown and error_count null.
   */
  prometheus?: { url: string; intervalMs: number };
  /** The business metrics from SQL (run only with a database). */
  business: {
    /** YAML override of the built-in queries. */
    queriesFile?: string;
    /** IANA zone whose midnight starts "today". */
    timeZone: string;
    topPrograms: number;
    missedRefreshes: number;
  };
}

export function loadExporterConfig(env: Env = process.env): ExporterConfig {
  const e = loadEnv(schema, env);
  return {
    port: e.PORT,
    version: e.APP_VERSION,
    revision: e.APP_REVISION,
    ...loggingConfig(e),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    minio:
      e.MINIO_URL && e.MINIO_ACCESS_KEY && e.MINIO_SECRET_KEY
        ? {
            url: e.MINIO_URL,
            accessKey: e.MINIO_ACCESS_KEY,
            secretKey: e.MINIO_SECRET_KEY,
            buckets: e.MINIO_BUCKETS,
          }
        : undefined,
    healthTimeoutMs: e.HEALTH_TIMEOUT_MS,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    metricsToken: e.METRICS_TOKEN,
    metricsCacheMs: e.METRICS_CACHE_MS,
    metricsDependencyMaxAgeMs: e.METRICS_DEPENDENCY_MAX_AGE_MS,
    metricsSystemIntervalMs: e.METRICS_SYSTEM_INTERVAL_MS,
    prometheus: e.PROMETHEUS_URL
      ? { url: e.PROMETHEUS_URL, intervalMs: e.PROMETHEUS_QUERY_INTERVAL_MS }
      : undefined,
    business: {
      queriesFile: e.METRICS_QUERIES_FILE,
      timeZone: e.METRICS_TIME_ZONE,
      topPrograms: e.METRICS_TOP_PROGRAMS,
      missedRefreshes: e.METRICS_MISSED_REFRESHES,
    },
  };
}

/** The variables the exporter reads, for --help. */
export { schema as exporterEnvSchema };
