/**
 * The dependency checks of /health as metrics, for the DatabaseDown/RedisDown alerts and dashboards:
 *
 *   clicky_dependency_up{service}                        gauge  1 when the last check passed, else 0
 *   clicky_dependency_latency_seconds{service}           gauge  how long the last check took (the
 *                                                               deadline when it timed out)
 *   clicky_dependency_check_timestamp_seconds{service}   gauge  when the last check finished (Unix time)
 *
 * `service` is the check's name (db, redis, minio). The gauges show the latest result of each check
 * from the results store (health/results.ts), whoever ran it: a /health request or the background
 * refresh here. A scrape never waits on a dependency: it reads memory, and a hung database costs it
 * nothing. The age of a result is `time() - clicky_dependency_check_timestamp_seconds` (the
 * exporter guidelines' way: a timestamp, not an age that goes stale within the scrape cache).
 *
 * The refresh runs every refreshMs once start()ed, and a scrape that finds a result older than
 * that starts one in the background too (single-flight with /health's own probes), so the figures
 * stay fresh without a timer in tests and tools that never start one.
 */
import { Gauge, type Registry } from 'prom-client';
import { createPoller } from '../../../lib/metrics/poller';
import type { CheckResult, HealthCheck } from '../health/check';
import type { CheckRecord, CheckResults } from '../health/results';
import { runChecks } from '../health/runner';

export interface DependencyMetricsOptions {
  registry: Registry;
  /** The exporter's checks, the same objects given to healthRoutes. */
  checks: readonly HealthCheck[];
  /** Where every check's result lands, /health's included. */
  results: CheckResults;
  /** Deadline of each check in ms (HEALTH_TIMEOUT_MS). */
  timeoutMs: number;
  /** Pause between background refreshes in ms (METRICS_DEPENDENCY_MAX_AGE_MS). Default 15000. */
  refreshMs?: number;
}

export interface DependencySnapshot {
  /** When the most recent of these results came in, in ms since the epoch. */
  checkedAt: number;
  /** By check name: the latest result, exactly as /health reported it. */
  results: Record<string, CheckResult>;
}

export interface DependencyMetrics {
  /** The latest results, without checking anything; undefined before the first. */
  latest(): DependencySnapshot | undefined;
  /** Checks every dependency now (or joins the probes in flight). Never rejects. */
  refresh(): Promise<void>;
  /** Refreshes now, then every refreshMs. */
  start(): void;
  stop(): Promise<void>;
}

export const DEFAULT_DEPENDENCY_MAX_AGE_MS = 15_000;

export function dependencyMetrics(options: DependencyMetricsOptions): DependencyMetrics {
  const { checks, results, timeoutMs } = options;
  const refreshMs = options.refreshMs ?? DEFAULT_DEPENDENCY_MAX_AGE_MS;
  const poller = createPoller({
    load: () => runChecks(checks, { timeoutMs, onResult: results.onResult }),
    intervalMs: refreshMs,
    // runChecks bounds itself by timeoutMs; the poller's own deadline only backs it up.
    timeoutMs: timeoutMs + 1000,
    expireAfterFailures: Number.POSITIVE_INFINITY,
  });

  let stopped = false;
  const latest = (): DependencySnapshot | undefined => {
    const records = Object.entries(results.all());
    if (records.length === 0) return undefined;
    return {
      checkedAt: Math.max(...records.map(([, record]) => record.checkedAt)),
      results: Object.fromEntries(records.map(([name, record]) => [name, record.result])),
    };
  };
  const refreshIfStale = (records: Record<string, CheckRecord>) => {
    if (stopped) return; // the checks' connections are closing
    const now = Date.now();
    const stale = checks.some((check) => {
      const record = records[check.name];
      return !record || now - record.checkedAt >= refreshMs;
    });
    if (stale) void poller.refresh();
  };

  const gauge = (name: string, help: string, value: (result: CheckResult, at: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [options.registry],
      collect() {
        const records = results.all();
        refreshIfStale(records);
        this.reset();
        for (const [service, { result, checkedAt }] of Object.entries(records))
          this.set({ service }, value(result, checkedAt));
      },
    });

  gauge(
    'clicky_dependency_up',
    'Whether the last health check of the dependency passed (1) or failed (0).',
    (r) => (r.status === 'ok' ? 1 : 0),
  );
  gauge(
    'clicky_dependency_latency_seconds',
    'Duration of the last health check of the dependency (the deadline when it timed out).',
    (r) => (r.latency_ms ?? timeoutMs) / 1000,
  );
  gauge(
    'clicky_dependency_check_timestamp_seconds',
    'When the last health check of the dependency finished, in seconds since the Unix epoch.',
    (_r, at) => at / 1000,
  );

  return {
    latest,
    refresh: async () => {
      await poller.refresh();
    },
    start: () => poller.start(),
    stop: () => {
      stopped = true;
      return poller.stop();
    },
  };
}
