/**
 * The relay process: configuration, spool, logger, the relay on RELAY_PORT, graceful shutdown.
 * Invalid configuration (an unusable RELAY_SPOOL_DIR included) stops here with a message naming the
 * variable, exit code 78 (EX_CONFIG). Alerts spooled by a previous run are delivered first.
 */
import { exitOnHelp } from '../../lib/cli/help';
import { configOrExit, EX_CONFIG } from '../../lib/config/exit-codes';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { serve } from '../../lib/http/serve';
import { createServiceLogger } from '../../lib/logging/service-logger';
import { logShippingMetrics } from '../../lib/metrics/log-shipping';
import { loadRelayConfig, type RelayConfig, relayEnvSchema } from './config';
import { relayIdentity } from './ha/identity';
import { createRelay } from './relay';
import { memorySpool, openFileSpool, type Spool, type SpoolState } from './spool';

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
  exitOnHelp({
    usage: 'npm run relay | npm run start:relay (built)',
    summary:
      "The Telegram relay: Alertmanager's webhook (POST /alertmanager/webhook) to Telegram messages, " +
      'with a spool, rate limits and retries. TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are required.',
    environment: relayEnvSchema,
    seeAlso: 'alerting/relay/README.md for what each variable means',
  });
  const config = configOrExit('relay', () => loadRelayConfig());
  const { spool, state } = await spoolOrExit(config);
  const identity = config.haClaimsDir ? await relayIdentity(config.spoolDir) : undefined;
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
  const { app, queue, registry, watchdog, bot } = createRelay({
    config,
    logger,
    lifecycle,
    spool,
    state,
    identity,
  });
  if (loki) logShippingMetrics(registry, loki);

  serve({
    name: 'Relay',
    handler: app,
    port: config.port,
    logger: log,
    listening: { version: config.version, env: config.env },
    lifecycle,
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      watchdog.stop();
      await bot?.stop();
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
