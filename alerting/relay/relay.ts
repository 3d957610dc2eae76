/**
 * The relay's parts wired together from its configuration: Telegram client, rate limiter, delivery
 * queue, deduplicator, intake, the dead man's switch (watchdog/) and the Express app. main.ts adds the process around it (spool opening,
 * logger, socket, signals); tests run it whole, in-process.
 */
import type { Express } from 'express';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import type { Logger } from '../../lib/logging/logger';
import { buildInfoMetric } from '../../lib/metrics/build-info';
import { createRegistry } from '../../lib/metrics/registry';
import { renderGroup } from './alert-group';
import { createRelayApp } from './app';
import { type Bot, setUpBot } from './bot/setup';
import type { RelayConfig } from './config';
import { createDeduplicator } from './dedup';
import { createDeliveryQueue, type DeliveryQueue } from './delivery-queue';
import { newIdentity } from './ha/identity';
import { haClaims } from './ha/relay-claims';
import { createIntake } from './intake';
import { type RelayMetrics, relayMetrics } from './metrics';
import { createRateLimiter, type RateWindow, telegramWindows } from './rate-limit';
import { persistedRateLimiter } from './send-history';
import type { Spool, SpoolState } from './spool';
import { telegramClient } from './telegram';
import { withNotices } from './watchdog/message';
import { setUpWatchdog } from './watchdog/setup';
import type { PipelineWatchdog } from './watchdog/watchdog';

/** First retry after a 5xx or a network failure; doubles up to RELAY_RETRY_MAX_DELAY_MS. */
export const RETRY_INITIAL_MS = 1000;

export interface RelayOptions {
  config: RelayConfig;
  logger: Logger;
  lifecycle: Lifecycle;
  /** The opened spool and what it held (memorySpool and an empty state without RELAY_SPOOL_DIR). */
  spool: Spool;
  state: SpoolState;
  /** Default: a new registry with the runtime metrics. */
  registry?: ReturnType<typeof createRegistry>;
  /** Telegram's flood limits for the chat (rate-limit.ts); tests shrink them to match a fake's. */
  rateWindows?: readonly RateWindow[];
  /**
   * With RELAY_HA_CLAIMS_DIR, this relay's identity in its claims (ha/identity.ts `relayIdentity`, read
   * from the spool directory); default: a new one, as for a relay without a spool directory.
   */
  identity?: string;
}

export interface Relay {
  app: Express;
  queue: DeliveryQueue;
  metrics: RelayMetrics;
  registry: ReturnType<typeof createRegistry>;
  /** The dead man's switch; `stop` it with the queue. */
  watchdog: PipelineWatchdog;
  /** The two-way bot (bot/), started here; `stop` it with the queue. Undefined when RELAY_BOT=off. */
  bot?: Bot;
}

/** Builds the relay and starts delivering what the spool held; stop it with `queue.stop`. */
export function createRelay({ config, logger, lifecycle, spool, state, ...options }: RelayOptions): Relay {
  const log = logger.child({ logger: 'relay.main' });
  const registry = options.registry ?? createRegistry();
  const metrics = relayMetrics(registry);
  const windows = options.rateWindows ?? telegramWindows(config.telegram.chatId);
  // With a spool the send times survive restarts: a restarted relay must not draw 429s.
  const limiter = config.spoolDir
    ? persistedRateLimiter(windows, config.spoolDir, (err) =>
        log.warning({ err }, 'Could not save the rate-limit history in the spool directory'),
      )
    : createRateLimiter(windows);
  buildInfoMetric(registry, 'relay', { version: config.version, revision: config.revision });
  const bot = config.bot
    ? setUpBot({
        config: { ...config, bot: config.bot },
        registry,
        logger,
        limiter,
        queueDepth: () => queue.depth,
        // Called on /status only, once everything below exists.
        health: () => ({
          queueDepth: queue.depth,
          telegram: queue.telegramStatus(),
          watchdog: watchdog.status(),
        }),
      })
    : undefined;
  const queue = createDeliveryQueue({
    telegram: telegramClient(config.telegram),
    limiter,
    render: withNotices(
      (items) => renderGroup(items, { timeZone: config.timeZone, grafanaUrl: config.grafanaUrl }),
      config.timeZone,
    ),
    onSettled: (items) => {
      bot?.settled(items);
      // A lost `done` record means a duplicate message after a restart, never a lost alert.
      spool.append([{ t: 'done', ids: items.map((i) => i.id) }]).catch((err: unknown) => {
        log.warning({ err }, 'Could not record delivered alerts in the spool');
      });
    },
    metrics,
    logger,
    coalesceMs: config.coalesceMs,
    retry: { initialMs: RETRY_INITIAL_MS, maxMs: config.retryMaxDelayMs },
    buttons: bot?.buttons,
  });
  const intake = createIntake({
    spool,
    queue,
    dedup: createDeduplicator({ maxEntries: config.dedupMax, seen: state.seen }),
    metrics,
    maxQueued: config.queueMax,
    defaultCooldownMs: config.defaultCooldownMs,
    nextId: state.nextId,
    draining: () => lifecycle.draining,
    claims: config.haClaimsDir
      ? haClaims(config.haClaimsDir, options.identity ?? newIdentity(), log)
      : undefined,
  });
  if (!spool.durable) log.warning('RELAY_SPOOL_DIR is not set: queued alerts are lost if the process dies');
  if (state.skipped > 0) log.warning({ lines: state.skipped }, 'Skipped unreadable spool lines');
  if (state.pending.length > 0)
    log.info({ alerts: state.pending.length }, 'Delivering alerts spooled before the restart');
  queue.push(state.pending);
  queue.start();
  const { watchdog, routes, webhookIntake } = setUpWatchdog({ config, intake, registry, logger });
  watchdog.start();
  bot?.start().catch((err: unknown) => log.error({ err }, 'The bot could not start; alerts still flow'));

  const app = createRelayApp({
    version: config.version,
    logger,
    lifecycle,
    intake: webhookIntake,
    readiness: () => ({
      queue: { depth: queue.depth, max: config.queueMax },
      spool: spool.status(),
      telegram: queue.telegramStatus(),
    }),
    registry,
    metricsToken: config.metricsToken,
    webhookToken: config.webhookToken,
    bodyLimitBytes: config.bodyLimitBytes,
    routes: [...routes, ...(bot?.routes ?? [])],
  });
  return { app, queue, metrics, registry, watchdog, bot };
}
