/**
 * Business metrics from SQL: runs each query in the background on its own interval, keeps the last
 * good result in memory, and serves it synchronously to the registry and to `snapshot()`. A scrape
 * never touches the database, so a burst of scrapes costs no query and a slow or broken query can
 * only make its own series go missing (after `missedRefreshesBeforeExpiry` failed runs), visible
 * in clicky_business_query_errors_total{query}.
 *
 *   const business = createBusinessMetrics({ databaseUrl, queries, registry, logger });
 *   business.start();                       // first runs at once, then every query.intervalMs
 *   sampleValue(business.snapshot(), 'clicky_bookings', { status: 'pending' });
 *   await business.stop();                  // on shutdown
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { isIanaTimeZone } from '../../../lib/config/time-zone';
import { eventsFor } from '../../../lib/logging/events';
import type { Logger } from '../../../lib/logging/logger';
import { registerInstruments } from './instruments';
import { createBusinessPool } from './pool';
import { type BusinessQuery, checkQueries, formatProblems } from './query';
import { runQuery } from './run-query';
import { type BusinessSnapshot, ResultStore } from './store';

export interface BusinessMetricsOptions {
  /** PostgreSQL URL: the refresher opens its own pool (2 connections) and closes it in stop(). */
  databaseUrl?: string;
  /** Or a pool to use instead (tests); stop() leaves it open, and its 'error' events are the caller's. */
  pool?: Pool;
  /** The catalogue: builtinQueries(), or loadBusinessQueries() with an override file. */
  queries: readonly BusinessQuery[];
  /** Where the gauges go (not the global registry); serve registry.metrics() at /metrics. */
  registry: Registry;
  /** Named exporter.business here; failures are logged when they start and when they end. */
  logger: Logger;
  /** IANA time zone whose midnight starts "today" in every query. Default Asia/Jakarta. */
  timeZone?: string;
  /** Failed runs in a row after which a query's series disappear. Default 3. */
  missedRefreshesBeforeExpiry?: number;
}

export interface BusinessMetrics {
  /** Runs every query now, then each on its own interval. Idempotent. */
  start(): void;
  /** Stops scheduling, waits for runs in flight (bounded by their timeouts), closes its own pool. */
  stop(): Promise<void>;
  /** Runs every query once (joining a run already in flight) and resolves when all have finished. */
  refreshNow(): Promise<void>;
  /** The latest fresh values and each query's status; cheap and synchronous. */
  snapshot(): BusinessSnapshot;
}

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';
export const DEFAULT_MISSED_REFRESHES = 3;

export function createBusinessMetrics(options: BusinessMetricsOptions): BusinessMetrics {
  const { queries, registry } = options;
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const missed = options.missedRefreshesBeforeExpiry ?? DEFAULT_MISSED_REFRESHES;
  if (!isIanaTimeZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
  if (!Number.isInteger(missed) || missed < 1)
    throw new RangeError('missedRefreshesBeforeExpiry must be >= 1');
  const problems = checkQueries(queries);
  if (problems.length > 0) throw new Error(`invalid business queries:\n${formatProblems(problems)}`);
  if (!options.pool && !options.databaseUrl)
    throw new Error('createBusinessMetrics needs a pool or a databaseUrl');

  const logger = options.logger.child({ logger: 'exporter.business' });
  const events = eventsFor(logger);
  const pool = options.pool ?? createBusinessPool(options.databaseUrl as string, logger);
  const store = new ResultStore(queries, missed);
  const instruments = registerInstruments(registry, queries, store);
  const inFlight = new Map<string, Promise<void>>();
  const timers = new Map<string, NodeJS.Timeout>();
  let running = false;
  let closed: Promise<void> | undefined;

  async function execute(query: BusinessQuery): Promise<void> {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    const wasFailing = store.consecutiveFailures(query.name);
    try {
      const result = await runQuery(pool, query, timeZone);
      const durationSeconds = seconds();
      store.recordSuccess(query.name, result, durationSeconds);
      instruments.recordRun({ query: query.name, ok: true, durationSeconds });
      if (wasFailing > 0)
        logger.info({ query: query.name, failed_runs: wasFailing }, 'Business query recovered');
    } catch (err) {
      const durationSeconds = seconds();
      store.recordFailure(query.name, durationSeconds);
      instruments.recordRun({ query: query.name, ok: false, durationSeconds });
      const error_message = err instanceof Error ? err.message : String(err);
      // Once per outage at ERROR; the errors counter tells the rest.
      if (wasFailing === 0)
        events.databaseError({
          query_context: `business query ${query.name}`,
          error_message,
          query: query.name,
        });
      else logger.debug({ query: query.name, error_message }, 'Business query still failing');
    }
  }

  /** Single flight per query: a run never overlaps the previous run of the same query. */
  function run(query: BusinessQuery): Promise<void> {
    const pending = inFlight.get(query.name);
    if (pending) return pending;
    const promise = execute(query).finally(() => inFlight.delete(query.name));
    inFlight.set(query.name, promise);
    return promise;
  }

  function schedule(query: BusinessQuery, delayMs: number): void {
    if (!running) return;
    const timer = setTimeout(() => {
      timers.delete(query.name);
      const started = Date.now();
      void run(query).then(() => schedule(query, Math.max(0, query.intervalMs - (Date.now() - started))));
    }, delayMs);
    // A pending refresh never keeps the process alive.
    timer.unref();
    timers.set(query.name, timer);
  }

  return {
    start() {
      if (running || closed) return;
      running = true;
      for (const query of queries) schedule(query, 0);
    },
    stop() {
      running = false;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      closed ??= Promise.all([...inFlight.values()]).then(() => (options.pool ? undefined : pool.end()));
      return closed;
    },
    async refreshNow() {
      await Promise.all(queries.map(run));
    },
    snapshot: () => store.snapshot(),
  };
}
