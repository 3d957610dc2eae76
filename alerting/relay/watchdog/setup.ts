/**
 * The watchdog's parts for the relay (relay.ts): its state file in RELAY_SPOOL_DIR when there is
 * one, its metrics on the relay's registry, its two routes for the app, and the webhook's intake
 * with the Watchdog filtered out.
 */
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logging/logger';
import type { RelayConfig } from '../config';
import type { Intake } from '../intake';
import { pipelineHealthRoute } from './health-route';
import { watchdogMetrics } from './metrics';
import { watchdogRoute } from './route';
import { fileWatchdogStore, memoryWatchdogStore } from './store';
import { createPipelineWatchdog, type PipelineWatchdog } from './watchdog';
import { withoutWatchdog } from './webhook-filter';

export interface WatchdogSetup {
  watchdog: PipelineWatchdog;
  routes: Router[];
  /** The intake for POST /alertmanager/webhook: a misrouted Watchdog never reaches the queue. */
  webhookIntake: Intake;
}

export function setUpWatchdog(options: {
  config: Pick<RelayConfig, 'watchdogTimeoutMs' | 'env' | 'spoolDir' | 'webhookToken' | 'bodyLimitBytes'>;
  intake: Intake;
  registry: Registry;
  logger: Logger;
  now?: () => number;
}): WatchdogSetup {
  const { config, logger } = options;
  const watchdog = createPipelineWatchdog({
    timeoutMs: config.watchdogTimeoutMs,
    env: config.env,
    intake: options.intake,
    store: config.spoolDir ? fileWatchdogStore(config.spoolDir) : memoryWatchdogStore(),
    metrics: watchdogMetrics(options.registry),
    logger,
    now: options.now,
  });
  const routes = [
    watchdogRoute({
      seen: () => watchdog.seen(),
      token: config.webhookToken,
      bodyLimitBytes: config.bodyLimitBytes,
      logger,
    }),
    pipelineHealthRoute(() => watchdog.status()),
  ];
  return { watchdog, routes, webhookIntake: withoutWatchdog(options.intake, () => watchdog.seen()) };
}
