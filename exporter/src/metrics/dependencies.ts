/**
 * The dependency checks of /health as metrics, for the DatabaseDown/RedisDown alerts and dashboards:
 *
 *   clicky_dependency_up{service}                        gauge  1 when the last check passed, else 0
 *   clicky_dependency_latency_seconds{service}           gauge  how long the last check took (the
 *                                                               deadline when it timed out)
 *   clicky_dependency_check_timestamp_seconds{service}   gauge  when the last check finished (Unix time)
 *
 * `service` is the check's name (db, redis, minio). The checks are the very objects /health uses,
 * run by the same runner, so a scrape and a /health/ready request in flight share one probe.
 *
 * Results are cached for maxAgeMs: a scrape that finds them fresh does no dependency work; one that
 * finds them stale starts a refresh that every concurrent scrape joins (single-flight). A refresh
 * never rejects and lasts at most the health timeout (the runner's deadline), so it can never fail
 * a scrape (prom-client fails the whole scrape when a collect() throws) nor hold it for longer.
 */
import { Gauge, type Registry } from 'prom-client';
import type { CheckResult, HealthCheck } from '../health/check';
import { runChecks } from '../health/runner';

export interface DependencyMetricsOptions {
  registry: Registry;
  /** The exporter's checks, the same objects given to healthRoutes. */
  checks: readonly HealthCheck[];
  /** Deadline of each check in ms (HEALTH_TIMEOUT_MS): the longest a scrape waits for a refresh. */
  timeoutMs: number;
  /** Age in ms below which results are served from memory. Default 15000 (a usual scrape interval). */
  maxAgeMs?: number;
}

export interface DependencySnapshot {
  /** When these checks finished, in ms since the epoch. */
  checkedAt: number;
  /** By check name, exactly as /health/ready reports them. */
  results: Record<string, CheckResult>;
}

export interface DependencyMetrics {
  /** The cached results (for the admin summary), without checking anything; undefined before the first. */
  latest(): DependencySnapshot | undefined;
  /** Results no older than maxAgeMs: the cache, or a (shared) refresh. Never rejects. */
  current(): Promise<DependencySnapshot>;
}

export const DEFAULT_DEPENDENCY_MAX_AGE_MS = 15_000;

export function dependencyMetrics(options: DependencyMetricsOptions): DependencyMetrics {
  const { checks, timeoutMs } = options;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_DEPENDENCY_MAX_AGE_MS;
  let snapshot: DependencySnapshot | undefined;
  let refreshing: Promise<DependencySnapshot> | undefined;

  const refresh = async (): Promise<DependencySnapshot> => {
    try {
      const results = await runChecks(checks, { timeoutMs });
      snapshot = { checkedAt: Date.now(), results };
    } catch {
      // runChecks never rejects; should it ever, the previous results stand.
    }
    return snapshot ?? { checkedAt: Date.now(), results: {} };
  };

  const current = (): Promise<DependencySnapshot> => {
    if (snapshot && Date.now() - snapshot.checkedAt < maxAgeMs) return Promise.resolve(snapshot);
    refreshing ??= refresh().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  };

  const gauge = (name: string, help: string, value: (result: CheckResult, at: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers: [options.registry],
      async collect() {
        const { results, checkedAt } = await current();
        this.reset();
        for (const [service, result] of Object.entries(results))
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

  return { latest: () => snapshot, current };
}
