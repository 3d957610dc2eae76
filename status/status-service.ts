/**
 * The status service assembled: the cache reading Prometheus in the background for the declared
 * monitors, and the handler serving what it rendered. main.ts runs it; tests and the bench build it
 * the same way.
 */
import type { RequestListener } from 'node:http';
import { jobs } from '../alerting/rules/metrics';
import type { Logger } from '../lib/logging/logger';
import { allMonitors, type UptimeMonitor } from '../uptime/monitors';
import { type Answers, renderAnswers } from './answers';
import { createStatusCache, type StatusCache } from './cache';
import { collect } from './collect';
import type { StatusConfig } from './config';
import { statusHandler } from './server';

export interface StatusService {
  handler: RequestListener;
  cache: StatusCache<Answers>;
}

export interface StatusServiceOptions {
  config: Pick<StatusConfig, 'env' | 'prometheus' | 'refreshMs' | 'timeZone' | 'foundation'>;
  logger: Logger;
  /** Default: every monitor of uptime/monitors.ts. */
  monitors?: readonly UptimeMonitor[];
  clock?: () => number;
}

export function createStatusService({
  config,
  logger,
  monitors = allMonitors,
  clock,
}: StatusServiceOptions): StatusService {
  const settings = {
    foundation: config.foundation,
    timeZone: config.timeZone,
    // Two refreshes missed: the page says the data is old.
    staleAfterSeconds: (2 * config.refreshMs + config.prometheus.timeoutMs) / 1000,
  };
  const cache = createStatusCache<Answers>({
    collect: (now) =>
      collect({
        monitors,
        env: config.env,
        job: jobs.blackbox,
        timeZone: config.timeZone,
        prometheus: { prometheusUrl: config.prometheus.url, timeoutMs: config.prometheus.timeoutMs },
        now,
      }),
    render: (view) => renderAnswers(settings, monitors, view),
    intervalMs: config.refreshMs,
    clock,
    logger: logger.child({ logger: 'status.cache' }),
  });
  const handler = statusHandler({
    cache,
    clock,
    healthMaxAgeMs: 3 * (config.refreshMs + config.prometheus.timeoutMs),
  });
  return { handler, cache };
}
