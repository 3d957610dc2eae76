/**
 * Which dependency checks the exporter runs, from its configuration. Every dependency is always
 * present: one without configuration is reported as failing ("not configured"), never hidden.
 */
import type { ExporterConfig } from './config';
import type { HealthCheck } from './health/check';
import { minioCheck } from './health/minio';
import { notConfigured } from './health/not-configured';
import { postgresCheck } from './health/postgres';
import { redisCheck } from './health/redis';

export function dependencyChecks(config: ExporterConfig): HealthCheck[] {
  const timeoutMs = config.healthTimeoutMs;
  return [
    config.databaseUrl ? postgresCheck({ url: config.databaseUrl, timeoutMs }) : notConfigured('db'),
    config.redisUrl ? redisCheck({ url: config.redisUrl, timeoutMs }) : notConfigured('redis'),
    config.minio
      ? minioCheck({
          url: config.minio.url,
          accessKey: config.minio.accessKey,
          secretKey: config.minio.secretKey,
          requiredBuckets: config.minio.buckets,
          timeoutMs,
        })
      : notConfigured('minio'),
  ];
}
