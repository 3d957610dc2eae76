/** The dashboards as Grafana gets them (built in-process), and what the tests read out of them. */
import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { dashboards } from '../../../dashboards/index';
import { dashboardModel } from '../../../dashboards/render';

export const models = (): Dashboard[] => dashboards.map((dashboard) => dashboardModel(dashboard()));

const isRow = (panel: Panel | RowPanel): panel is RowPanel => panel.type === 'row';

/** Every panel that shows data (rows left out, collapsed rows' panels included). */
export function panelsOf(model: Dashboard): Panel[] {
  return (model.panels ?? []).flatMap((p) => (isRow(p) ? p.panels : [p]));
}

/** A query as the Prometheus and Loki datasources store it. */
export interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}

export const targetsOf = (panel: Panel): Target[] => (panel.targets ?? []) as unknown as Target[];

export type QueryLanguage = 'promql' | 'logql';

export interface PanelQuery {
  dashboard: string;
  /** The panel's title and the query's refId, or the variable's name. */
  panel: string;
  language: QueryLanguage;
  expr: string;
}

const language = (datasourceType: string | undefined): QueryLanguage => {
  if (datasourceType === 'prometheus') return 'promql';
  if (datasourceType === 'loki') return 'logql';
  throw new Error(`unexpected datasource type ${datasourceType}`);
};

export function queriesOf(model: Dashboard): PanelQuery[] {
  return panelsOf(model).flatMap((panel) =>
    targetsOf(panel).map((target) => ({
      dashboard: model.uid ?? '',
      panel: `${panel.title} (${target.refId})`,
      language: language(target.datasource?.type),
      expr: target.expr ?? '',
    })),
  );
}

export const variablesOf = (model: Dashboard): VariableModel[] => model.templating?.list ?? [];

/**
 * The selector inside a `label_values(selector, label)` variable query, in the variable's language;
 * undefined for `label_values(label)` (no selector).
 */
export function variableSelectors(model: Dashboard): PanelQuery[] {
  return variablesOf(model).flatMap((variable) => {
    if (variable.type !== 'query' || typeof variable.query !== 'string') return [];
    const match = /^label_values\((.+),\s*\w+\)$/.exec(variable.query);
    if (!match?.[1]) return [];
    return [
      {
        dashboard: model.uid ?? '',
        panel: `variable ${variable.name}`,
        language: language(variable.datasource?.type),
        expr: match[1],
      },
    ];
  });
}
