/** An alert is data: one row of the spec's Alert Rules table (phase 7, section 4), typed. */

export type Severity = 'critical' | 'error' | 'warning';

/** The spec's cooldowns. 'none' means notify once; alertmanager/README.md says how that is mapped. */
export type Cooldown = '5m' | '10m' | '15m' | '1h' | '1d' | 'none';

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
}

/** One Prometheus rule group per area file, as the monitoring mixins do. */
export interface RuleGroup {
  name: string;
  rules: AlertDefinition[];
}
