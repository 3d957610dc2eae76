/** An alert is data: one row of the spec's Alert Rules table (phase 7, section 4), typed. */

/**
 * `none` is the Watchdog's alone (kube-prometheus's convention): a heartbeat, not news. It has its own
 * route, and the daily summary, which lists critical, error and warning, leaves it out.
 */
export type Severity = 'critical' | 'error' | 'warning' | 'none';

/**
 * The spec's cooldowns. 'none' means notify once per occurrence; alertmanager/README.md says how that
 * is mapped. '1m' is the Watchdog's heartbeat.
 */
export type Cooldown = '1m' | '5m' | '10m' | '15m' | '1h' | '1d' | 'none';

/** A Prometheus duration in one unit, as `for:` and range selectors take it. */
export type Duration = `${number}${'s' | 'm' | 'h' | 'd'}`;

export interface AlertDefinition {
  /** PascalCase; also names the runbook, docs/runbooks/<alert>.md. */
  alert: string;
  expr: string;
  for: Duration;
  severity: Severity;
  cooldown: Cooldown;
  /** Extra labels, e.g. `service`, which inhibitions compare; values may use {{ $labels.x }}. */
  labels?: Record<string, string>;
  summary: string;
  description: string;
  /** The dashboard panel that explains the alert: messages link to it (alerting/links/). */
  dashboard?: DashboardPanel;
}

/** A panel of a generated dashboard (dashboards/): its dashboard's uid and its own id. */
export interface DashboardPanel {
  uid: string;
  panelId: number;
}

/** One Prometheus rule group per area file, as the monitoring mixins do. */
export interface RuleGroup {
  name: string;
  rules: AlertDefinition[];
}
