/**
 * The exporter process: configuration, logger, checks, the app on its port, graceful shutdown.
 * Invalid configuration stops here with a message naming the variable (exit code 78, EX_CONFIG).
 */
import './memory-mode';
import { exitOnHelp } from '../../lib/cli/help';
import { configOrExit, EX_CONFIG } from '../../lib/config/exit-codes';
import { serve } from '../../lib/http/serve';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { loadBusinessQueries, QueriesFileError } from './business/queries-file';
import type { BusinessQuery } from './business/query';
import { type ExporterConfig, exporterEnvSchema, loadExporterConfig } from './config';
import { createExporter } from './exporter';
import { unconfiguredDependencies } from './unconfigured';

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
  exitOnHelp({
    usage: 'npm start (built) | npm run dev (tsx, logs through pino-pretty)',
    summary:
      'The exporter: /health, /health/<db|redis|minio|ready>, /metrics and /metrics/summary on PORT. ' +
      'A dependency without its variable is reported as "not configured".',
    environment: exporterEnvSchema,
    seeAlso: 'README.md, "Configuration", for what each variable means',
  });
  const startedAt = Date.now();
  const config = configOrExit('exporter', () => loadExporterConfig());
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
  for (const { dependency, variable, example } of unconfiguredDependencies(config))
    log.warning({ dependency, variable }, `${dependency} is not configured: set ${variable} (${example})`);
  const exporter = createExporter({ config, queries, logger, loki, startedAt });
  exporter.start();

  serve({
    name: 'Exporter',
    handler: exporter.handler,
    port: config.port,
    logger: log,
    listening: { version: config.version, env: config.env },
    lifecycle: exporter.lifecycle,
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      await exporter.close();
      await closeLogger();
    },
  });
}

void main();
