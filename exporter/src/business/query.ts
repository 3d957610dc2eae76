/**
 * A business query: one SQL statement run in the background on its own interval, whose result rows
 * become the samples of one or more gauges (sql_exporter style: one round trip, several metrics).
 *
 * Row mapping: each metric reads its `labels` columns (label name = column name, NULL becomes "")
 * and its `valueColumn` (any numeric type; NULL means "no sample for this row", so a value that
 * does not exist yet, such as the time of a first success, is absent rather than 0).
 */

/** A gauge fed by a query's rows. */
export interface BusinessMetric {
  /** Prometheus name, snake_case, base units in the name (`_seconds`, `_idr`, `_ratio`); see checkQueries. */
  name: string;
  /** One line for `# HELP`; say what is counted and any rule (e.g. "settled donations only"). */
  help: string;
  /** Only gauges: values computed from SQL are states, not counters this process increments. */
  type: 'gauge';
  /** Columns whose values label each sample; together they must be unique per row. */
  labels: readonly string[];
  /** Column holding the sample value. */
  valueColumn: string;
}

export interface BusinessQuery {
  /** snake_case; the `query` label of the clicky_business_query_* metrics. */
  name: string;
  /** One read-only statement; runs in the organisation's time zone, so `current_date` is "today". */
  sql: string;
  /** Time between the starts of two runs; a run that takes longer delays the next (runs never overlap). */
  intervalMs: number;
  /** Server-side statement_timeout of a run; the client gives up shortly after. */
  timeoutMs: number;
  metrics: readonly BusinessMetric[];
}

export const DEFAULT_INTERVAL_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 5_000;

/** A gauge declaration in one line: `gauge('clicky_users', 'total', 'Active user accounts.')`. */
export function gauge(
  name: string,
  valueColumn: string,
  help: string,
  labels: string[] = [],
): BusinessMetric {
  return { name, help, type: 'gauge', labels, valueColumn };
}

/** A query with the default interval and timeout unless given. */
export function query(
  name: string,
  sql: string,
  metrics: BusinessMetric[],
  timing: { intervalMs?: number; timeoutMs?: number } = {},
): BusinessQuery {
  return {
    name,
    sql: sql.trim(),
    intervalMs: timing.intervalMs ?? DEFAULT_INTERVAL_MS,
    timeoutMs: timing.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    metrics,
  };
}

/** Names of the refresher's own metrics (label `query`), reserved for it. */
export const SELF_METRICS = {
  errors: 'clicky_business_query_errors_total',
  duration: 'clicky_business_query_duration_seconds',
  lastSuccess: 'clicky_business_query_last_success_timestamp_seconds',
} as const;

const QUERY_NAME = /^[a-z][a-z0-9_]*$/;
const METRIC_NAME = /^[a-z_][a-z0-9_]*$/;
const LABEL_NAME = /^[a-z_][a-z0-9_]*$/;
/** Suffixes `promtool check metrics` reserves for counters, histograms and summaries. */
const RESERVED_SUFFIXES = ['_total', '_count', '_sum', '_bucket'];

/** One problem found in a set of queries, located like `query bookings_today: metrics[1].name`. */
export interface QueryProblem {
  query: string;
  field: string;
  message: string;
}

/**
 * Checks what a type cannot: names that promtool and Prometheus accept, metric names unique across
 * all queries (each becomes one gauge), and nothing colliding with the refresher's own metrics.
 */
export function checkQueries(queries: readonly BusinessQuery[]): QueryProblem[] {
  const problems: QueryProblem[] = [];
  const reserved = new Set<string>(Object.values(SELF_METRICS));
  const ownerOf = new Map<string, string>();
  const queryNames = new Set<string>();
  for (const query of queries) {
    const problem = (field: string, message: string) => problems.push({ query: query.name, field, message });
    if (!QUERY_NAME.test(query.name)) problem('name', 'must be snake_case (a-z, 0-9, _)');
    if (queryNames.has(query.name)) problem('name', 'is used by another query');
    queryNames.add(query.name);
    if (query.sql.trim() === '') problem('sql', 'must not be empty');
    if (!(query.intervalMs > 0)) problem('interval', 'must be positive');
    if (!(query.timeoutMs > 0)) problem('timeout', 'must be positive');
    if (query.metrics.length === 0) problem('metrics', 'must declare at least one metric');
    query.metrics.forEach((metric, i) => {
      const at = `metrics[${i}]`;
      if (!METRIC_NAME.test(metric.name)) problem(`${at}.name`, 'must be snake_case (a-z, 0-9, _)');
      const suffix = RESERVED_SUFFIXES.find((s) => metric.name.endsWith(s));
      if (suffix) problem(`${at}.name`, `a gauge must not end in ${suffix}`);
      if (reserved.has(metric.name)) problem(`${at}.name`, 'is reserved for the refresher');
      const owner = ownerOf.get(metric.name);
      if (owner !== undefined) problem(`${at}.name`, `is already declared by query ${owner}`);
      ownerOf.set(metric.name, query.name);
      if (metric.help.trim() === '') problem(`${at}.help`, 'must not be empty');
      metric.labels.forEach((label, j) => {
        if (!LABEL_NAME.test(label) || label.startsWith('__'))
          problem(`${at}.labels[${j}]`, 'must be a snake_case column name not starting with __');
      });
      if (new Set(metric.labels).size !== metric.labels.length) problem(`${at}.labels`, 'has duplicates');
      if (metric.valueColumn.trim() === '') problem(`${at}.value_column`, 'must not be empty');
    });
  }
  return problems;
}

/** `query x: field: message`, one problem per line. */
export function formatProblems(problems: readonly QueryProblem[]): string {
  return problems.map((p) => `query ${p.query}: ${p.field}: ${p.message}`).join('\n');
}
