/**
 * What the refresher puts on the registry: one gauge per business metric, filled from the cache
 * by a synchronous collect (prom-client fails a whole scrape when an async collect throws, and a
 * scrape must never wait for SQL), and the refresher's own metrics, labelled by query.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { type BusinessQuery, SELF_METRICS } from './query';
import type { ResultStore } from './store';

export interface RunRecord {
  query: string;
  ok: boolean;
  durationSeconds: number;
}

export interface Instruments {
  /** Updates the clicky_business_query_* metrics after a run. */
  recordRun(run: RunRecord): void;
}

export function registerInstruments(
  registry: Registry,
  queries: readonly BusinessQuery[],
  store: ResultStore,
): Instruments {
  for (const query of queries) {
    for (const metric of query.metrics) {
      const labelless = metric.labels.length === 0;
      new Gauge({
        name: metric.name,
        help: metric.help,
        labelNames: metric.labels,
        registers: [registry],
        collect() {
          // reset() leaves a 0 on a gauge without labels; remove it so "no value" stays absent.
          this.reset();
          if (labelless) this.remove({});
          for (const sample of store.samples(metric.name)) this.set(sample.labels, sample.value);
        },
      });
    }
  }

  const labelNames = ['query'] as const;
  const errors = new Counter({
    name: SELF_METRICS.errors,
    help: 'Business query runs that failed (SQL error, timeout, database unreachable, bad result).',
    labelNames,
    registers: [registry],
  });
  const duration = new Gauge({
    name: SELF_METRICS.duration,
    help: 'Duration of the last run of a business query, successful or not.',
    labelNames,
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: SELF_METRICS.lastSuccess,
    help: 'When a business query last succeeded (Unix time).',
    labelNames,
    registers: [registry],
  });
  // Zero from the start, so rate() and increase() see the first error.
  for (const query of queries) errors.inc({ query: query.name }, 0);

  return {
    recordRun({ query, ok, durationSeconds }) {
      duration.set({ query }, durationSeconds);
      if (ok) lastSuccess.set({ query }, Date.now() / 1000);
      else errors.inc({ query });
    },
  };
}
