/**
 * The cache between the background runs and the readers (/metrics and the admin summary): the last
 * good result of each query, and whether it is still fresh enough to serve.
 *
 * Expiry: a result is dropped from what readers see once `missedRefreshes` runs in a row have
 * failed, or when no run has succeeded for (missedRefreshes + 1) intervals plus a timeout (a safety
 * net should runs stop altogether). Stale numbers are worse than none: an absent series shows as a
 * gap and fires "absent" alerts, a frozen one looks healthy.
 */
import type { BusinessQuery } from './query';
import type { QueryResult, Sample } from './samples';

export interface MetricSnapshot {
  /** The query that produced the samples. */
  query: string;
  /** When that query last succeeded, ms since the epoch. */
  updatedAt: number;
  samples: readonly Sample[];
}

export interface QueryStatus {
  metrics: readonly string[];
  /** Its metrics are served (it succeeded and has not expired). */
  fresh: boolean;
  /** ms since the epoch, null before the first success. */
  lastSuccessAt: number | null;
  /** Duration of the last run (successful or not), null before the first. */
  lastDurationSeconds: number | null;
  consecutiveFailures: number;
  /** Failed runs since start. */
  errors: number;
}

export interface BusinessSnapshot {
  /** When the snapshot was taken, ms since the epoch. */
  takenAt: number;
  /** Fresh metrics only: a metric absent here is absent from /metrics too. */
  metrics: Readonly<Record<string, MetricSnapshot>>;
  queries: Readonly<Record<string, QueryStatus>>;
}

interface State {
  query: BusinessQuery;
  result?: QueryResult;
  lastSuccessAt: number | null;
  lastDurationSeconds: number | null;
  consecutiveFailures: number;
  errors: number;
}

export class ResultStore {
  private readonly states = new Map<string, State>();
  private readonly queryOfMetric = new Map<string, string>();

  constructor(
    queries: readonly BusinessQuery[],
    private readonly missedRefreshes: number,
    private readonly now: () => number = Date.now,
  ) {
    for (const query of queries) {
      this.states.set(query.name, {
        query,
        lastSuccessAt: null,
        lastDurationSeconds: null,
        consecutiveFailures: 0,
        errors: 0,
      });
      for (const metric of query.metrics) this.queryOfMetric.set(metric.name, query.name);
    }
  }

  recordSuccess(queryName: string, result: QueryResult, durationSeconds: number): void {
    const state = this.state(queryName);
    state.result = result;
    state.lastSuccessAt = this.now();
    state.lastDurationSeconds = durationSeconds;
    state.consecutiveFailures = 0;
  }

  recordFailure(queryName: string, durationSeconds: number): void {
    const state = this.state(queryName);
    state.lastDurationSeconds = durationSeconds;
    state.consecutiveFailures++;
    state.errors++;
  }

  /** Failed runs in a row of a query (0 after a success). */
  consecutiveFailures(queryName: string): number {
    return this.state(queryName).consecutiveFailures;
  }

  /** Samples of a metric, [] when its query has no fresh result. Synchronous: called at scrape time. */
  samples(metricName: string): readonly Sample[] {
    const state = this.states.get(this.queryOfMetric.get(metricName) ?? '');
    if (!state?.result || !this.isFresh(state)) return [];
    return state.result.get(metricName) ?? [];
  }

  snapshot(): BusinessSnapshot {
    const metrics: Record<string, MetricSnapshot> = {};
    const queries: Record<string, QueryStatus> = {};
    for (const state of this.states.values()) {
      const fresh = this.isFresh(state);
      const { query, lastSuccessAt, lastDurationSeconds, consecutiveFailures, errors } = state;
      queries[query.name] = {
        metrics: query.metrics.map((m) => m.name),
        fresh,
        lastSuccessAt,
        lastDurationSeconds,
        consecutiveFailures,
        errors,
      };
      if (!fresh || !state.result || lastSuccessAt === null) continue;
      for (const [name, samples] of state.result)
        metrics[name] = { query: query.name, updatedAt: lastSuccessAt, samples };
    }
    return { takenAt: this.now(), metrics, queries };
  }

  private isFresh(state: State): boolean {
    if (state.lastSuccessAt === null || state.consecutiveFailures >= this.missedRefreshes) return false;
    const maxAge = (this.missedRefreshes + 1) * state.query.intervalMs + state.query.timeoutMs;
    return this.now() - state.lastSuccessAt <= maxAge;
  }

  private state(queryName: string): State {
    const state = this.states.get(queryName);
    if (!state) throw new Error(`unknown business query ${queryName}`);
    return state;
  }
}

/**
 * The value of one series in a snapshot: `sampleValue(s, 'clicky_bookings', { status: 'pending' })`.
 * `labels` may name a subset; the first matching sample wins. undefined when absent or expired.
 */
export function sampleValue(
  snapshot: BusinessSnapshot,
  metricName: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const wanted = Object.entries(labels);
  return snapshot.metrics[metricName]?.samples.find((sample) =>
    wanted.every(([label, value]) => sample.labels[label] === value),
  )?.value;
}
