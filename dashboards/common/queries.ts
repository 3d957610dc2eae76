/**
 * Query factories: every panel query goes through the dashboard's datasource variable. Panels give
 * the refIds (A, B, ...) in order, so the generated JSON stays stable.
 */
import * as loki from '@grafana/grafana-foundation-sdk/loki';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import { lokiRef, prometheusRef } from './datasources';

export type Query = prometheus.DataqueryBuilder | loki.DataqueryBuilder;

export interface PromQueryOptions {
  /** `{{label}}` template of the series names. */
  legend?: string;
  /** Evaluated once at the end of the range: stats, gauges and tables of current values. */
  instant?: boolean;
  /** Table format (one row per series, labels as columns). */
  table?: boolean;
}

export function promQuery(expr: string, options: PromQueryOptions = {}): prometheus.DataqueryBuilder {
  const query = new prometheus.DataqueryBuilder()
    .datasource(prometheusRef)
    .expr(expr)
    .editorMode(prometheus.QueryEditorMode.Code);
  if (options.legend) query.legendFormat(options.legend);
  if (options.instant) query.instant();
  else query.range();
  if (options.table) query.format(prometheus.PromQueryFormat.Table);
  return query;
}

export function lokiQuery(expr: string, options: { legend?: string } = {}): loki.DataqueryBuilder {
  const query = new loki.DataqueryBuilder()
    .datasource(lokiRef)
    .expr(expr)
    .queryType(loki.LokiQueryType.Range)
    .editorMode(loki.QueryEditorMode.Code);
  if (options.legend) query.legendFormat(options.legend);
  return query;
}
