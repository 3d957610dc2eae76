/**
 * The dashboards' template variables: the datasource pickers (defaulting to the provisioned uids), the
 * environment, and label filters. Names are the `$name`s the queries use.
 */
import {
  CustomVariableBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  TextBoxVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasources, datasourceVariables, lokiRef, prometheusRef } from './datasources';

export function prometheusDatasource(): DatasourceVariableBuilder {
  const { name, type, uid } = datasources.prometheus;
  return new DatasourceVariableBuilder(datasourceVariables.prometheus)
    .label('Prometheus')
    .type(type)
    .current({ text: name, value: uid });
}

export function lokiDatasource(): DatasourceVariableBuilder {
  const { name, type, uid } = datasources.loki;
  return new DatasourceVariableBuilder(datasourceVariables.loki)
    .label('Loki')
    .type(type)
    .current({ text: name, value: uid });
}

/** One environment at a time: staging and production numbers never mix on a panel. */
export function prometheusEnv(): QueryVariableBuilder {
  return new QueryVariableBuilder('env')
    .label('Environment')
    .description('The `env` label Prometheus attaches to every scrape target.')
    .datasource(prometheusRef)
    .query('label_values(up, env)')
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}

export function lokiEnv(): QueryVariableBuilder {
  return new QueryVariableBuilder('env')
    .label('Environment')
    .description('The `env` stream label of the log lines.')
    .datasource(lokiRef)
    .query('label_values(env)')
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}

/** A multi-value filter on a Prometheus label; "All" is `.*`, which also matches a missing label. */
export function prometheusLabelFilter(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(prometheusRef)
    .query(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ text: 'All', value: '$__all' });
}

/** A multi-value filter on a Loki stream label; "All" is `.+` (a stream selector needs a non-empty matcher). */
export function lokiLabelFilter(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(lokiRef)
    .query(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ text: 'All', value: '$__all' });
}

/** A fixed list of values, e.g. the log levels. */
export function customFilter(name: string, label: string, values: readonly string[]): CustomVariableBuilder {
  return new CustomVariableBuilder(name)
    .label(label)
    .values(values.join(','))
    .multi(true)
    .includeAll(true)
    .allValue('.+')
    .current({ text: 'All', value: '$__all' });
}

/** Free text, empty by default; queries use it as a regex prefix, so empty matches everything. */
export function textFilter(name: string, label: string, description: string): TextBoxVariableBuilder {
  return new TextBoxVariableBuilder(name).label(label).description(description).defaultValue('');
}
