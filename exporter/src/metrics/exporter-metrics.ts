/**
 * Everything the exporter exposes on /metrics, assembled from its configuration: the registry with
 * the process/runtime metrics, the dependency gauges (from the /health checks), the PostgreSQL and
 * Redis system collectors (when configured), the business metrics from SQL (with a database) and the
 * log-shipping counters (when shipping to Loki).
 * The HTTP RED middleware and the routes are mounted by app.ts on this registry.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logging/logger';
import { type LogShippingSource, logShippingMetrics } from '../../../lib/metrics/log-shipping';
import { createRegistry } from '../../../lib/metrics/registry';
import type { BusinessQuery } from '../business/query';
import { type BusinessMetrics, createBusinessMetrics } from '../business/refresher';
import type { HealthCheck } from '../health/check';
import { type CheckResults, createCheckResults } from '../health/results';
import { type DependencyMetrics, dependencyMetrics } from './dependencies';
import { postgresSystemMetrics } from './postgres-system';
import { redisSystemMetrics } from './redis-system';
import type { SystemCollector } from './system-collector';

export interface ExporterMetricsOptions {
  /** The checks given to healthRoutes: the dependency gauges run the very same ones. */
  checks: readonly HealthCheck[];
  /** Where every check's result lands, /health's included: the dependency gauges read it. Default: a new store. */
  checkResults?: CheckResults;
  /** HEALTH_TIMEOUT_MS: bounds a dependency refresh during a scrape, and each system refresh. */
  healthTimeoutMs: number;
  /** METRICS_DEPENDENCY_MAX_AGE_MS: pause between background dependency checks. Default 15000. */
  dependencyMaxAgeMs?: number;
  /** DATABASE_URL: with it, PostgreSQL connection figures. */
  databaseUrl?: string;
  /** REDIS_URL: with it, Redis memory figures. */
  redisUrl?: string;
  /** METRICS_SYSTEM_INTERVAL_MS: pause between background refreshes of the system figures. Default 15000. */
  systemIntervalMs?: number;
  /** The service logger's Loki shipper, when there is one (LOKI_URL). */
  logShipper?: LogShippingSource;
  /** The business queries and how to run them; used only with databaseUrl. */
  business?: {
    queries: readonly BusinessQuery[];
    timeZone: string;
    missedRefreshes: number;
    logger: Logger;
  };
  /** Told about each failed system refresh, e.g. to log the first of a series (consecutive === 1). */
  onCollectError?(source: 'postgres' | 'redis', err: unknown, consecutive: number): void;
}

export interface ExporterMetrics {
  registry: Registry;
  /** The latest result of every check: /health routes record into it, the gauges read it. */
  checkResults: CheckResults;
  /** The dependency gauges and their background refresh; latest() also feeds the admin summary. */
  dependencies: DependencyMetrics;
  /** The business metrics' cache, also for the admin summary; undefined without a database. */
  business?: BusinessMetrics;
  /** Starts the background refreshes. */
  start(): void;
  /** Stops them and closes their connections (graceful shutdown). */
  stop(): Promise<void>;
}

export function createExporterMetrics(options: ExporterMetricsOptions): ExporterMetrics {
  const registry = createRegistry();
  const checkResults = options.checkResults ?? createCheckResults();
  const dependencies = dependencyMetrics({
    registry,
    checks: options.checks,
    results: checkResults,
    timeoutMs: options.healthTimeoutMs,
    refreshMs: options.dependencyMaxAgeMs,
  });
  const system = (source: 'postgres' | 'redis') => ({
    registry,
    intervalMs: options.systemIntervalMs,
    timeoutMs: options.healthTimeoutMs,
    onError: (err: unknown, consecutive: number) => options.onCollectError?.(source, err, consecutive),
  });
  const collectors: SystemCollector[] = [];
  if (options.databaseUrl)
    collectors.push(postgresSystemMetrics({ ...system('postgres'), url: options.databaseUrl }));
  if (options.redisUrl) collectors.push(redisSystemMetrics({ ...system('redis'), url: options.redisUrl }));
  if (options.logShipper) logShippingMetrics(registry, options.logShipper);
  const business =
    options.databaseUrl && options.business
      ? createBusinessMetrics({
          databaseUrl: options.databaseUrl,
          queries: options.business.queries,
          registry,
          logger: options.business.logger,
          timeZone: options.business.timeZone,
          missedRefreshesBeforeExpiry: options.business.missedRefreshes,
        })
      : undefined;
  const background = [dependencies, ...collectors, ...(business ? [business] : [])];

  return {
    registry,
    checkResults,
    dependencies,
    business,
    start: () => {
      for (const task of background) task.start();
    },
    stop: async () => {
      await Promise.allSettled(background.map((task) => task.stop()));
    },
  };
}
