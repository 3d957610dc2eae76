/**
 * The exporter process: configuration, logger, checks, the app on its port, graceful shutdown.
 * Invalid configuration stops here with a message naming the variable (exit code 78, EX_CONFIG).
 */
import { ConfigError } from '../../lib/config/env';
import { createLifecycle, installGracefulShutdown } from '../../lib/http/graceful-shutdown';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { createExporterApp } from './app';
import { loadBusinessQueries, QueriesFileError } from './business/queries-file';
import type { BusinessQuery } from './business/query';
import { dependencyChecks } from './checks';
import { type ExporterConfig, loadExporterConfig } from './config';
import { createExporterMetrics } from './metrics/exporter-metrics';

const EX_CONFIG = 78;

function configOrExit(): ExporterConfig {
  try {
    return loadExporterConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`exporter: ${err.message}\n`);
    process.exit(EX_CONFIG);
  }
}

/** The business queries, with METRICS_QUERIES_FILE applied; a bad file stops here like bad configuration. */
async function businessQueriesOrExit(config: ExporterConfig): Promise<BusinessQuery[]> {
  try {
    return await loadBusinessQueries({
      queriesFile: config.business.queriesFile,
      topPrograms: config.business.topPrograms,
    });
  } catch (err) {
    if (!(err instanceof QueriesFileError)) throw err;
    process.stderr.write(`exporter: invalid configuration: METRICS_QUERIES_FILE: ${err.message}\n`);
    process.exit(EX_CONFIG);
  }
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = configOrExit();
  const queries = await businessQueriesOrExit(config);
  const {
    logger,
    loki,
    close: closeLogger,
  } = createServiceLogger({
    app: 'exporter',
    env: config.env,
    level: config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const log = logger.child({ logger: 'exporter.main' });
  const checks = dependencyChecks(config);
  const lifecycle = createLifecycle();
  const metrics = createExporterMetrics({
    checks,
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
  const app = createExporterApp({
    version: config.version,
    logger,
    checks,
    healthTimeoutMs: config.healthTimeoutMs,
    lifecycle,
    metrics: { exporterMetrics: metrics, token: config.metricsToken, startedAt },
  });
  metrics.start();

  const server = app.listen(config.port, () => {
    log.info({ port: config.port, version: config.version, env: config.env }, 'Exporter listening');
  });
  server.on('error', (err) => {
    log.critical({ err, port: config.port }, 'Exporter cannot listen');
    process.exit(1);
  });

  installGracefulShutdown(lifecycle, {
    server,
    logger: log,
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      await metrics.stop();
      await Promise.allSettled(checks.map((check) => check.close()));
      await closeLogger();
    },
  });
}

void main();
