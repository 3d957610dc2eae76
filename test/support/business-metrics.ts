import { Registry } from 'prom-client';
import { type BusinessMetric, type BusinessQuery, gauge, query } from '../../exporter/src/business/query';
import {
  type BusinessMetrics,
  type BusinessMetricsOptions,
  createBusinessMetrics,
} from '../../exporter/src/business/refresher';
import { type CapturedLogger, capturedLogger } from './captured-logger';

export interface Harness {
  business: BusinessMetrics;
  registry: Registry;
  log: CapturedLogger;
}

/** Refreshers made by `harness`, stopped by `stopHarnesses` (call it in afterEach). */
const live: BusinessMetrics[] = [];

export function harness(
  queries: readonly BusinessQuery[],
  options: Partial<BusinessMetricsOptions> & { databaseUrl: string },
): Harness {
  const registry = new Registry();
  const log = capturedLogger();
  const business = createBusinessMetrics({ queries, registry, logger: log.logger, ...options });
  live.push(business);
  return { business, registry, log };
}

export async function stopHarnesses(): Promise<void> {
  await Promise.all(live.splice(0).map((business) => business.stop()));
}

/** A query with one label-less gauge `clicky_test_<name>` read from column n. */
export function testQuery(
  name: string,
  sql: string,
  timing: { intervalMs?: number; timeoutMs?: number } = {},
  metrics: BusinessMetric[] = [gauge(`clicky_test_${name}`, 'n', `Test metric ${name}.`)],
): BusinessQuery {
  return query(name, sql, metrics, timing);
}

/** The value of `name{labels}` in exposition text, undefined when there is no such sample. */
export function sampleIn(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
