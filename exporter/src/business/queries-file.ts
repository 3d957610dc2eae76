/**
 * METRICS_QUERIES_FILE: a YAML file that adapts the built-in catalogue to a deployment whose schema
 * differs, so it changes SQL, not code.
 *
 *   queries:
 *     bookings_daily:              # a built-in name: the fields given replace the built-in's,
 *       sql: SELECT ...            #   the others are kept (metrics, when given, replace the whole list)
 *       timeout: 10s
 *     volunteers:                  # a new name: a new query; sql and metrics are required
 *       interval: 5m               #   (default interval 60s, timeout 5s)
 *       sql: SELECT count(*) AS n FROM volunteers
 *       metrics:
 *         - name: clicky_volunteers
 *           help: Registered volunteers.
 *           labels: []             # columns whose values label each row (default none)
 *           value_column: n
 *     donations_top_programs:
 *       enabled: false             # drops the query and its metrics; a name that exists nowhere is an error
 *
 * Durations: a number of seconds or "500ms", "30s", "5m", "1h"; interval 1s..24h, timeout
 * 100ms..10m. Unknown fields are errors (a typo must not silently keep the built-in SQL), and
 * every error names the file, the query and the field.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { builtinQueries, type CatalogueOptions } from './catalogue';
import { formatIssue } from './queries-file-issues';
import { type BusinessQuery, checkQueries, DEFAULT_INTERVAL_MS, DEFAULT_TIMEOUT_MS, gauge } from './query';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

const duration = (min: number, max: number, range: string) =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(String(value));
    if (typeof value === 'string' && !match) {
      ctx.addIssue({ code: 'custom', message: 'must be a duration such as 500ms, 30s, 5m or 1h' });
      return z.NEVER;
    }
    const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number(value) * 1000;
    if (!(ms >= min && ms <= max)) ctx.addIssue({ code: 'custom', message: `must be from ${range}` });
    return ms;
  });

const metricSchema = z.strictObject({
  name: z.string(),
  help: z.string(),
  type: z.literal('gauge', { error: 'must be gauge (values computed from SQL are gauges)' }).default('gauge'),
  labels: z.array(z.string()).default([]),
  value_column: z.string(),
});

const querySchema = z.strictObject({
  enabled: z.boolean().default(true),
  sql: z.string().trim().min(1, 'must not be empty').optional(),
  interval: duration(1_000, 86_400_000, '1s to 24h').optional(),
  timeout: duration(100, 600_000, '100ms to 10m').optional(),
  metrics: z.array(metricSchema).min(1, 'must declare at least one metric').optional(),
});

const fileSchema = z.strictObject({ queries: z.record(z.string(), querySchema) });

/** The file's content, validated; apply it with mergeQueries. */
export type QueriesFile = z.infer<typeof fileSchema>;

export class QueriesFileError extends Error {
  override readonly name = 'QueriesFileError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: invalid queries file:\n  ${problems.join('\n  ')}`);
  }
}

/** Parses and validates the YAML text of a queries file; `source` names it in errors. */
export function parseQueriesFile(text: string, source: string): QueriesFile {
  let data: unknown;
  try {
    data = parse(text);
  } catch (err) {
    throw new QueriesFileError(source, [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  const result = fileSchema.safeParse(data ?? {}, { reportInput: true });
  if (result.success) return result.data;
  throw new QueriesFileError(source, result.error.issues.flatMap(formatIssue));
}

/** Reads and validates the file at `path` (what METRICS_QUERIES_FILE names). */
export async function loadQueriesFile(path: string): Promise<QueriesFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new QueriesFileError(path, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? err}`]);
  }
  return parseQueriesFile(text, path);
}

/** Applies a queries file to `base` (the semantics are at the top of this module). */
export function mergeQueries(
  base: readonly BusinessQuery[],
  file: QueriesFile,
  source: string,
): BusinessQuery[] {
  const byName = new Map(base.map((query) => [query.name, query]));
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(file.queries)) {
    const builtin = byName.get(name);
    if (!entry.enabled) {
      if (builtin) byName.delete(name);
      else problems.push(`query ${name}: enabled: there is no query ${name} to disable`);
      continue;
    }
    const sql = entry.sql ?? builtin?.sql;
    const metrics =
      entry.metrics?.map((m) => gauge(m.name, m.value_column, m.help, m.labels)) ?? builtin?.metrics;
    if (sql === undefined) problems.push(`query ${name}: sql: is required for a new query`);
    if (metrics === undefined) problems.push(`query ${name}: metrics: is required for a new query`);
    if (sql === undefined || metrics === undefined) continue;
    byName.set(name, {
      name,
      sql,
      intervalMs: entry.interval ?? builtin?.intervalMs ?? DEFAULT_INTERVAL_MS,
      timeoutMs: entry.timeout ?? builtin?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      metrics,
    });
  }
  const queries = [...byName.values()];
  for (const p of checkQueries(queries)) problems.push(`query ${p.query}: ${p.field}: ${p.message}`);
  if (problems.length > 0) throw new QueriesFileError(source, problems);
  return queries;
}

export interface BusinessQueriesOptions extends CatalogueOptions {
  /** Path of the override file (METRICS_QUERIES_FILE); without it, the built-ins as they are. */
  queriesFile?: string;
}

/** The catalogue to run: the built-ins, with the override file applied when there is one. */
export async function loadBusinessQueries(options: BusinessQueriesOptions = {}): Promise<BusinessQuery[]> {
  const builtins = builtinQueries(options);
  if (!options.queriesFile) return builtins;
  return mergeQueries(builtins, await loadQueriesFile(options.queriesFile), options.queriesFile);
}
