/**
 * The exporter process: configuration, logger, checks, the app on its port, graceful shutdown.
 * Invalid configuration stops here with a message naming the variable (exit code 78, EX_CONFIG).
 */
import { createServer } from 'node:http';
import { ConfigError } from '../../lib/config/env';
import { installGracefulShutdown } from '../../lib/http/graceful-shutdown';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { loadBusinessQueries, QueriesFileError } from './business/queries-file';
import type { BusinessQuery } from './business/query';
import { type ExporterConfig, loadExporterConfig } from './config';
import { createExporter } from './exporter';

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
  const exporter = createExporter({ config, queries, logger, loki, startedAt });
  exporter.metrics.start();

  const server = createServer(exporter.handler);
  server.on('error', (err) => {
    log.critical({ err, port: config.port }, 'Exporter cannot listen');
    process.exit(1);
  });
  server.listen(config.port, () => {
    log.info({ port: config.port, version: config.version, env: config.env }, 'Exporter listening');
  });

  installGracefulShutdown(exporter.lifecycle, {
    server,
    logger: log,
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      await exporter.close();
      await closeLogger();
    },
  });
}

void main();
