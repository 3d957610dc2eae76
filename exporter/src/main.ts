/**
 * The exporter process: configuration, logger, checks, the app on its port, graceful shutdown.
 * Invalid configuration stops here with a message naming the variable (exit code 78, EX_CONFIG).
 */
import { ConfigError } from '../../lib/config/env';
import { createLifecycle, installGracefulShutdown } from '../../lib/http/graceful-shutdown';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { createExporterApp } from './app';
import { dependencyChecks } from './checks';
import { type ExporterConfig, loadExporterConfig } from './config';

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

function main(): void {
  const config = configOrExit();
  const { logger, close: closeLogger } = createServiceLogger({
    app: 'exporter',
    env: config.env,
    level: config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const log = logger.child({ logger: 'exporter.main' });
  const checks = dependencyChecks(config);
  const lifecycle = createLifecycle();
  const app = createExporterApp({
    version: config.version,
    logger,
    checks,
    healthTimeoutMs: config.healthTimeoutMs,
    lifecycle,
  });

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
      await Promise.allSettled(checks.map((check) => check.close()));
      await closeLogger();
    },
  });
}

main();
