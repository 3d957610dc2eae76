/**
 * Service level objectives (alerting/slo/): per SLO, its SLI against the objective, the error budget
 * left over 30 days, the burn rate per window the alerts read, and the budget burning down. Every figure
 * is a series the SLO rules record (alerting/slo/rules.ts), so panel and alert read the same numbers.
 */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { slos } from '../alerting/slo';
import { errorBudget, series } from '../alerting/slo/rules';
import type { SloDefinition } from '../alerting/slo/types';
import { burnAlerts, ratioWindows } from '../alerting/slo/windows';
import { clickyDashboard } from './common/dashboard';
import { barGauge, gauge, stat, timeseries, units } from './common/panels';
import { promQuery } from './common/queries';
import { inEnv } from './common/selectors';
import { greenFrom, orangeRedFrom } from './common/thresholds';
import { prometheusDatasource, prometheusEnv } from './common/variables';
import { SLO_DASHBOARD_UID } from './slo-panels';

export { SLO_DASHBOARD_UID, sloPanelId } from './slo-panels';

const recorded = (slo: SloDefinition, name: string) => inEnv(name, { slo: slo.id });
const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))} %`;
/** The burn rates that page (the lowest factor) and that open a ticket, as threshold steps. */
const [page, ticket] = burnAlerts.map((a) => Math.min(...a.windows.map((w) => w.factor)));

const sliNow = (slo: SloDefinition) =>
  stat({
    title: `${slo.title}: SLI`,
    description:
      `Share of good events (${slo.description}) over the last hour and over the ${slo.window} window, ` +
      `against the ${percent(slo.objective)} objective: red below it.`,
    unit: units.PercentUnit,
    decimals: 3,
    queries: [
      promQuery(`1 - ${recorded(slo, series.errorRatio('1h'))}`, { instant: true, legend: 'last hour' }),
      promQuery(`1 - ${recorded(slo, series.errorRatio(slo.window))}`, {
        instant: true,
        legend: `last ${slo.window}`,
      }),
    ],
    thresholds: greenFrom(slo.objective, slo.objective),
    width: 6,
    height: 8,
  });

const budgetRemaining = (slo: SloDefinition) =>
  gauge({
    title: `${slo.title}: error budget left`,
    description:
      `What is left of the ${slo.window} error budget (${percent(errorBudget(slo))} of events may be bad): ` +
      '100 % untouched, 0 spent; below 0 the objective is missed.',
    unit: units.PercentUnit,
    queries: [promQuery(recorded(slo, series.budgetRemaining), { instant: true })],
    thresholds: greenFrom(0, 0.25),
    width: 6,
    height: 8,
  });

const burnRate = (slo: SloDefinition) =>
  barGauge({
    title: `${slo.title}: burn rate per window`,
    description:
      'Error ratio over each window / the error budget: 1 spends the budget in exactly the SLO window. ' +
      `Orange from ${ticket} (a ticket when the long and short windows agree), red from ${page} (a page).`,
    unit: units.Short,
    decimals: 1,
    queries: [...ratioWindows, slo.window].map((w) =>
      promQuery(`${recorded(slo, series.errorRatio(w))} / ${errorBudget(slo)}`, { instant: true, legend: w }),
    ),
    thresholds: orangeRedFrom(ticket ?? 1, page ?? 6),
    width: 6,
    height: 8,
  });

const burnDown = (slo: SloDefinition) =>
  timeseries({
    title: `${slo.title}: budget burn-down`,
    description: `The error budget left over the rolling ${slo.window} window, over time: a steady fall is a burn, 0 the objective missed.`,
    unit: units.PercentUnit,
    queries: [promQuery(recorded(slo, series.budgetRemaining), { legend: 'budget left' })],
    thresholds: greenFrom(0, 0.25),
    thresholdLine: true,
    width: 6,
    height: 8,
  });

export function sloDashboard(): DashboardBuilder {
  const dashboard = clickyDashboard({
    uid: SLO_DASHBOARD_UID,
    title: 'Clicky / SLOs',
    description:
      'Service level objectives: SLI against objective, error budget left, burn rate per window, budget burn-down (alerting/slo/).',
    tags: ['slo'],
    variables: [prometheusDatasource(), prometheusEnv()],
  }).time({ from: 'now-30d', to: 'now' });
  for (const slo of slos) {
    dashboard
      .withRow(new RowBuilder(`${slo.title} (${percent(slo.objective)} over ${slo.window})`))
      .withPanel(sliNow(slo))
      .withPanel(budgetRemaining(slo))
      .withPanel(burnRate(slo))
      .withPanel(burnDown(slo));
  }
  return dashboard;
}
