/**
 * The exporter assembled from its configuration, short of the socket and the signals: dependency
 * checks, metrics (dependencies, system figures, business queries) and the request handler. main.ts
 * runs it; bench:metrics runs the very same assembly.
 */
import type { RequestListener } from 'node:http';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import type { Logger } from '../../lib/logging/logger';
import type { LokiShipper } from '../../lib/logging/loki/shipper';
import { buildInfoMetric } from '../../lib/metrics/build-info';
import { createExporterApp } from './app';
import type { BusinessQuery } from './business/query';
import { dependencyChecks } from './checks';
import type { ExporterConfig } from './config';
import { createCheckResults } from './health/results';
import { logStateChanges } from './health/state-log';
import { createExporterMetrics, type ExporterMetrics } from './metrics/exporter-metrics';
import { apiStatusSource } from './summary/api-status';

export interface ExporterParts {
  config: ExporterConfig;
  /** The business queries (METRICS_QUERIES_FILE applied). */
  queries: BusinessQuery[];
  logger: Logger;
  /** Its queue and drop counts become metrics. */
  loki?: LokiShipper;
  startedAt?: number;
}

export interface Exporter {
  handler: RequestListener;
  metrics: ExporterMetrics;
  /** Starts the background work: metrics refreshes and, with PROMETHEUS_URL, the API status reads. */
  start(): void;
  lifecycle: ReturnType<typeof createLifecycle>;
  /** Stops the background work and closes every client. */
  close(): Promise<void>;
}

export function createExporter({
  config,
  queries,
  logger,
  loki,
  startedAt = Date.now(),
}: ExporterParts): Exporter {
  const log = logger.child({ logger: 'exporter.main' });
  const checks = dependencyChecks(config);
  const lifecycle = createLifecycle();
  const checkResults = createCheckResults({
    listeners: [
      logStateChanges(logger.child({ logger: 'exporter.health' }), { secrets: configuredSecrets(config) }),
    ],
  });
  const metrics = createExporterMetrics({
    checks,
    checkResults,
    healthTimeoutMs: config.healthTimeoutMs,
    dependencyMaxAgeMs: config.metricsDependencyMaxAgeMs,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    systemIntervalMs: config.metricsSystemIntervalMs,
    logShipper: loki,
    business: {
      queries,
      timeZone: config.business.timeZone,
      missedRefreshes: config.business.missedRefreshes,
      logger,
    },
    onCollectError: (source, err, consecutive) => {
      // The first failure of a run is news; clicky_system_collect_errors_total counts the rest.
      if (consecutive === 1) log.warning({ err, source }, 'System metrics refresh failed');
    },
  });
  const api =
    config.prometheus &&
    apiStatusSource({
      prometheusUrl: config.prometheus.url,
      env: config.env,
      intervalMs: config.prometheus.intervalMs,
      timeoutMs: config.healthTimeoutMs,
      onError: (err, consecutive) => {
        // The first failure of a run is news; the summary shows "unknown" once it lasts.
        if (consecutive === 1) log.warning({ err }, 'Reading the API status from Prometheus failed');
      },
    });
  buildInfoMetric(metrics.registry, 'exporter', { version: config.version, revision: config.revision });
  const handler = createExporterApp({
    version: config.version,
    logger,
    checks,
    healthTimeoutMs: config.healthTimeoutMs,
    lifecycle,
    metrics: {
      exporterMetrics: metrics,
      token: config.metricsToken,
      cacheMs: config.metricsCacheMs,
      startedAt,
      api,
    },
  });
  return {
    handler,
    metrics,
    lifecycle,
    start() {
      metrics.start();
      api?.start();
    },
    async close() {
      await Promise.all([metrics.stop(), api?.stop()]);
      await Promise.allSettled(checks.map((check) => check.close()));
    },
  };
}

/** What a check's error text could carry verbatim: the connection strings, their passwords, the S3 secret. */
function configuredSecrets(config: ExporterConfig): string[] {
  const fromUrl = (url: string | undefined) => {
    if (!url) return [];
    try {
      const { password } = new URL(url);
      return [url, password, decodeURIComponent(password)];
    } catch {
      return [url];
    }
  };
  return [...fromUrl(config.databaseUrl), ...fromUrl(config.redisUrl), config.minio?.secretKey ?? ''];
}
