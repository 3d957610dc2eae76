/**
 * The dashboard panel that explains each of the spec's and the meta-monitoring alerts (the SLO alerts name
 * theirs in alerting/slo/rules.ts). Kept beside the rules in one table, so which panel each alert opens is
 * reviewed in one place; ./index.ts attaches it to the rule as its `dashboard` (the `dashboard_uid` and
 * `dashboard_panel_id` annotations). Meta alerts open the uptime dashboard's "Firing alerts" table, which
 * lists them with their labels (no dashboard charts Prometheus, Alertmanager or the relay themselves);
 * RelayDown the "Alerting Pipeline" probe.
 *
 * Exempt: Watchdog. It always fires and never reaches a person as an alert (its own route, the relay's
 * dead man's switch); there is nothing for a panel to explain.
 */
import { type LinkedPanel, PANELS } from '../../dashboards/panel-ids';
import type { AlertDefinition, RuleGroup } from './types';

/** Alerts that link to no panel, and why (test/alerting/links/ holds every other alert to a link). */
export const NO_PANEL: Readonly<Record<string, string>> = {
  Watchdog: 'always firing, routed to the dead man switch, never shown as an alert',
};

export const RULE_PANELS: Readonly<Record<string, LinkedPanel>> = {
  ServiceDown: PANELS.apiHealthProbe,
  WebsiteDown: PANELS.websiteProbe,
  DatabaseDown: PANELS.dependencyChecks,
  RedisDown: PANELS.dependencyChecks,
  ExporterDown: PANELS.dependencyChecks,
  HighErrorRate: PANELS.serverErrors,
  SlowResponse: PANELS.latency,
  DiskSpaceLow: PANELS.diskUsageOverTime,
  DiskSpaceCritical: PANELS.diskUsageOverTime,
  WpSyncFailed: PANELS.lastWordPressSync,
  WpSyncStale: PANELS.lastWordPressSync,
  BackupFailed: PANELS.firingAlerts,
  BackupStale: PANELS.firingAlerts,
  DeploymentFailed: PANELS.runningVersions,
  SslCertificateExpiry: PANELS.certificateExpiry,
  TargetDown: PANELS.firingAlerts,
  ApiMetricsAbsent: PANELS.firingAlerts,
  PrometheusRuleEvaluationFailures: PANELS.firingAlerts,
  PrometheusNotConnectedToAlertmanagers: PANELS.firingAlerts,
  PrometheusErrorSendingAlerts: PANELS.firingAlerts,
  PrometheusConfigReloadFailed: PANELS.firingAlerts,
  AlertmanagerNotificationsFailing: PANELS.firingAlerts,
  AlertmanagerConfigReloadFailed: PANELS.firingAlerts,
  RelayDown: PANELS.alertingPipelineProbe,
  RelayDeliveryFailing: PANELS.firingAlerts,
  LogShippingDroppingLines: PANELS.firingAlerts,
  PushgatewayDown: PANELS.firingAlerts,
};

const withPanel = (rule: AlertDefinition): AlertDefinition => {
  const panel = rule.dashboard ?? RULE_PANELS[rule.alert];
  return panel ? { ...rule, dashboard: { uid: panel.uid, panelId: panel.panelId } } : rule;
};

/** The groups with each rule's panel attached. */
export const linkPanels = (groups: RuleGroup[]): RuleGroup[] =>
  groups.map((group) => ({ ...group, rules: group.rules.map(withPanel) }));
