/**
 * The uids of the dashboards and the ids of the panels alert rules link to, apart from the dashboards
 * themselves so rules (alerting/rules/panels.ts) can name them without importing a dashboard. Ids
 * follow layout order (dashboards/render.ts, rows included), as the SLO dashboard's do (./slo-panels.ts);
 * each carries its panel's title, and test/alerting/links/ checks id and title against the generated
 * JSON, so a panel moved or retitled fails there instead of linking to the wrong panel.
 */
export const ADMIN_DASHBOARD_UID = 'clicky-admin-overview';
export const API_DASHBOARD_UID = 'clicky-api-performance';
export const INFRASTRUCTURE_DASHBOARD_UID = 'clicky-infrastructure';
export const LOGS_DASHBOARD_UID = 'clicky-logs';
export const UPTIME_DASHBOARD_UID = 'clicky-uptime-alerts';

export interface LinkedPanel {
  uid: string;
  panelId: number;
  title: string;
}

const panel = (uid: string, panelId: number, title: string): LinkedPanel => ({ uid, panelId, title });

export const PANELS = {
  lastWordPressSync: panel(ADMIN_DASHBOARD_UID, 24, 'Last WordPress sync'),
  latency: panel(API_DASHBOARD_UID, 7, 'Latency p50 / p95 / p99'),
  serverErrors: panel(API_DASHBOARD_UID, 13, '5xx responses per 5m'),
  dependencyChecks: panel(INFRASTRUCTURE_DASHBOARD_UID, 2, 'Dependency checks'),
  diskUsageOverTime: panel(INFRASTRUCTURE_DASHBOARD_UID, 9, 'Disk usage over time'),
  runningVersions: panel(INFRASTRUCTURE_DASHBOARD_UID, 17, 'Running versions'),
  apiHealthProbe: panel(UPTIME_DASHBOARD_UID, 2, 'API Health'),
  websiteProbe: panel(UPTIME_DASHBOARD_UID, 4, 'Website'),
  alertingPipelineProbe: panel(UPTIME_DASHBOARD_UID, 6, 'Alerting Pipeline'),
  certificateExpiry: panel(UPTIME_DASHBOARD_UID, 9, 'Days until certificate expiry'),
  firingAlerts: panel(UPTIME_DASHBOARD_UID, 12, 'Firing alerts'),
} as const;
