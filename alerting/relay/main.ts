/**
 * The relay process: configuration, spool, logger, the relay on RELAY_PORT, graceful shutdown.
 * Invalid configuration (an unusable RELAY_SPOOL_DIR included) stops here with a message naming the
 * variable, exit code 78 (EX_CONFIG). Alerts spooled by a previous run are delivered first.
 */
import { ConfigError } from '../../lib/config/env';
import { createLifecycle, installGracefulShutdown } from '../../lib/http/graceful-shutdown';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { logShippingMetrics } from '../../lib/metrics/log-shipping';
import { loadRelayConfig, type RelayConfig } from './config';
import { createRelay } from './relay';
import { memorySpool, openFileSpool, type Spool, type SpoolState } from './spool';

const EX_CONFIG = 78;

function configOrExit(): RelayConfig {
  try {
    return loadRelayConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`relay: ${err.message}\n`);
    process.exit(EX_CONFIG);
  }
}

async function spoolOrExit(config: RelayConfig): Promise<{ spool: Spool; state: SpoolState }> {
  if (!config.spoolDir)
    return { spool: memorySpool(), state: { pending: [], seen: [], nextId: 1, skipped: 0 } };
  try {
    return await openFileSpool(config.spoolDir, { maxSeen: config.dedupMax });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
    process.stderr.write(
      `relay: invalid configuration: RELAY_SPOOL_DIR: cannot write a spool there (${code})\n`,
    );
    process.exit(EX_CONFIG);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const { spool, state } = await spoolOrExit(config);
  const {
    logger,
    loki,
    close: closeLogger,
  } = createServiceLogger({
    app: 'relay',
    env: config.env,
    level: config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const log = logger.child({ logger: 'relay.main' });
  const lifecycle = createLifecycle();
  const { app, queue, registry } = createRelay({ config, logger, lifecycle, spool, state });
  if (loki) logShippingMetrics(registry, loki);

  const server = app.listen(config.port, () => {
    log.info({ port: config.port, version: config.version, env: config.env }, 'Relay listening');
  });
  server.on('error', (err) => {
    log.critical({ err, port: config.port }, 'Relay cannot listen');
    process.exit(1);
  });

  installGracefulShutdown(lifecycle, {
    server,
    logger: log,
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      const left = await queue.stop(config.shutdownFlushMs);
      if (left > 0 && spool.durable) log.warning({ alerts: left }, 'Undelivered alerts stay in the spool');
      if (left > 0 && !spool.durable)
        log.error({ alerts: left }, 'Undelivered alerts are lost (no RELAY_SPOOL_DIR)');
      await spool.close();
      await closeLogger();
    },
  });
}

void main();
