/**
 * The "📊 dashboard" link of a summary line. The alert history comes from Prometheus's ALERTS series,
 * which carry labels but no annotations, so the panel is looked up by rule name in the rule definitions
 * (alerting/rules/, the SLO alerts included): the same metadata the rule files are generated from, so
 * the summary and the relay link to the same panel. The URL is the one builder's (alerting/links/).
 */
import { dashboardUrl } from '../links/dashboard-link';
import { allRules } from '../rules';
import type { DashboardPanel } from '../rules/types';
import type { AlertHistory } from './alert-history';

/** Rule name → its panel. An SLO alert's page and ticket share a name and a panel. */
export const RULE_PANELS: ReadonlyMap<string, DashboardPanel> = new Map(
  allRules.flatMap((rule) => (rule.dashboard ? [[rule.alert, rule.dashboard] as const] : [])),
);

/**
 * The panel's URL over the alert's day: from an hour before its first firing point until now while it
 * still fires, else until its last. Undefined without GRAFANA_URL or for a rule that names no panel.
 * The environment is the series' `env` label, else the summary's own (APP_ENV).
 */
export function historyDashboardUrl(
  grafanaUrl: string | undefined,
  alert: AlertHistory,
  env?: string,
  panels: ReadonlyMap<string, DashboardPanel> = RULE_PANELS,
): string | undefined {
  const panel = panels.get(alert.alertname);
  if (!panel) return undefined;
  return dashboardUrl(grafanaUrl, {
    status: alert.firingNow ? 'firing' : 'resolved',
    labels: { env: alert.labels.env ?? env },
    annotations: { dashboard_uid: panel.uid, dashboard_panel_id: String(panel.panelId) },
    startsAt: new Date(alert.firstFiringAt * 1000).toISOString(),
    endsAt: new Date(alert.lastFiringAt * 1000).toISOString(),
  });
}
