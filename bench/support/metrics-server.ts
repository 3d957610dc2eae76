/**
 * Child process of bench/metrics.ts: the real exporter, assembled as exporter/src/main.ts does it
 * (configuration with its defaults, dependency checks, createExporterMetrics with the built-in
 * business queries, createExporterApp), against BENCH_DATABASE_URL (and BENCH_REDIS_URL if given).
 * Logs go to /dev/null at INFO, as in production, where scrapes are not logged.
 *
 * Prints `{"port":n}` on stdout once it listens and every business query has run once (warm cache).
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createExporterApp } from '../../exporter/src/app';
import { builtinQueries } from '../../exporter/src/business/catalogue';
import { dependencyChecks } from '../../exporter/src/checks';
import { loadExporterConfig } from '../../exporter/src/config';
import { createExporterMetrics } from '../../exporter/src/metrics/exporter-metrics';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { createLogger } from '../../lib/logging/logger';

async function main(): Promise<void> {
  // An explicit environment: whatever the bench was started with (a METRICS_TOKEN...) stays out.
  const config = loadExporterConfig({
    APP_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    REDIS_URL: process.env.BENCH_REDIS_URL,
  });
  const logger = createLogger({
    app: 'exporter',
    env: config.env,
    level: config.logLevel,
    destination: pino.destination('/dev/null'),
  });
  const checks = dependencyChecks(config);
  const metrics = createExporterMetrics({
    checks,
    healthTimeoutMs: config.healthTimeoutMs,
    dependencyMaxAgeMs: config.metricsDependencyMaxAgeMs,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    systemIntervalMs: config.metricsSystemIntervalMs,
    business: {
      queries: builtinQueries({ topPrograms: config.business.topPrograms }),
      timeZone: config.business.timeZone,
      missedRefreshes: config.business.missedRefreshes,
      logger,
    },
  });
  const app = createExporterApp({
    version: config.version,
    logger,
    checks,
    healthTimeoutMs: config.healthTimeoutMs,
    lifecycle: createLifecycle(),
    metrics: { exporterMetrics: metrics, startedAt: Date.now() },
  });
  metrics.start();
  await metrics.business?.refreshNow();

  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  // The parent ends this process when it is done; stdin closing covers a parent that died.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
