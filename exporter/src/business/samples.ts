/**
 * Result rows → samples, per metric of a query (the row mapping described in query.ts). A result
 * that does not fit its declaration (a missing column, a value that is not a number, two rows with
 * the same labels) is an error of the whole run: serving half of it would hide the mistake.
 */
import type { BusinessQuery } from './query';

export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Samples of each metric of a query, keyed by metric name. */
export type QueryResult = ReadonlyMap<string, readonly Sample[]>;

export class ResultMappingError extends Error {
  override readonly name = 'ResultMappingError';
}

export function rowsToSamples(
  query: BusinessQuery,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): QueryResult {
  const present = new Set(columns);
  const result = new Map<string, Sample[]>();
  for (const metric of query.metrics) {
    for (const column of [...metric.labels, metric.valueColumn]) {
      if (!present.has(column))
        throw new ResultMappingError(`${metric.name}: the result has no column "${column}"`);
    }
    const samples: Sample[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const value = toNumber(row[metric.valueColumn]);
      if (value === null) continue;
      if (value === undefined)
        throw new ResultMappingError(`${metric.name}: column "${metric.valueColumn}" is not a finite number`);
      const labels = Object.fromEntries(metric.labels.map((label) => [label, labelValue(row[label])]));
      const key = JSON.stringify(metric.labels.map((label) => labels[label]));
      if (seen.has(key))
        throw new ResultMappingError(
          `${metric.name}: two rows have the same labels ${JSON.stringify(labels)}`,
        );
      seen.add(key);
      samples.push({ labels, value });
    }
    result.set(metric.name, samples);
  }
  return result;
}

/** null for SQL NULL (no sample), undefined for something that is not a finite number. */
function toNumber(value: unknown): number | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  // pg returns bigint, numeric and count(*) as strings, so large values stay exact until here.
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function labelValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
