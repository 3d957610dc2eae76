/**
 * The chaos matrix's clock: the production rules and routes, every duration divided by SCALE, so a
 * minute of production passes in two seconds. Generated from the TypeScript definitions (the rules of
 * alerting/rules/, the config of alerting/alertmanager/config.ts), never edited by hand, so the matrix
 * tests the alerting that ships, only faster.
 */
import { alertmanagerConfig } from '../../alerting/alertmanager/config';
import { ruleGroups } from '../../alerting/rules';
import { duration, seconds } from '../../alerting/rules/promql';
import { renderRuleFile } from '../../alerting/rules/render';
import type { AlertDefinition, Duration, RuleGroup } from '../../alerting/rules/types';

/** Production seconds per chaos second: 1m becomes 2s, 5m 10s, 1h 2m. */
export const SCALE = 30;

/** Scrape and evaluation interval of the scaled stack (production: 15s, probes 1m). */
export const SCRAPE_INTERVAL = '1s';

/**
 * A duration divided by SCALE, rounded, at least 1s unless it was 0: a `for` shorter than the
 * evaluation interval would only mean "next evaluation" anyway.
 */
export function scaled(value: Duration): Duration {
  const s = seconds(value);
  return s === 0 ? value : duration(Math.max(1, Math.round(s / SCALE)));
}

/**
 * Range selectors (`[5m]`) scaled too, so an alert about a burst resolves as soon after it as in
 * production, relatively. Comparisons with literal seconds (BackupStale's `26 * 3600`) are left: they
 * compare timestamps, which run at wall-clock speed.
 */
export const scaleExpr = (expr: string): string =>
  expr.replace(/\[(\d+[smhd])\]/g, (_, range: Duration) => `[${scaled(range)}]`);

export const scaleRule = (rule: AlertDefinition): AlertDefinition => ({
  ...rule,
  expr: scaleExpr(rule.expr),
  for: scaled(rule.for),
});

export const scaledGroups = (groups: RuleGroup[] = ruleGroups): RuleGroup[] =>
  groups.map((g) => ({ ...g, rules: g.rules.map(scaleRule) }));

export const scaledRules = (): AlertDefinition[] => scaledGroups().flatMap((g) => g.rules);

/** The rule file Prometheus loads in the chaos stack. */
export const scaledRuleFile = (): string => renderRuleFile(scaledGroups());

const TIMING_KEYS = new Set(['group_wait', 'group_interval', 'repeat_interval', 'resolve_timeout']);

function scaleTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scaleTimings);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        TIMING_KEYS.has(key) && typeof v === 'string' ? scaled(v as Duration) : scaleTimings(v),
      ]),
    );
  }
  return value;
}

/**
 * The Alertmanager config of alerting/alertmanager/config.ts with every wait and interval scaled, and
 * plain SMTP: the local sink (test/support/smtp-server.ts) offers no certificate Alertmanager trusts;
 * Go's PLAIN auth still sends the password only because the sink is on 127.0.0.1.
 */
export function scaledAlertmanagerConfig(): Record<string, unknown> {
  const config = scaleTimings(alertmanagerConfig(ruleGroups.flatMap((g) => g.rules))) as {
    global: Record<string, unknown>;
  };
  return { ...config, global: { ...config.global, smtp_require_tls: false } };
}

/** The route a rule's notifications take: its group_wait, from the scaled config. */
export function scaledGroupWait(rule: AlertDefinition): number {
  interface Route {
    matchers?: string[];
    group_wait?: Duration;
    routes?: Route[];
  }
  const root = scaledAlertmanagerConfig().route as Route;
  const labels: Record<string, string> = {
    alertname: rule.alert,
    severity: rule.severity,
    cooldown: rule.cooldown,
  };
  const matches = (route: Route) =>
    (route.matchers ?? []).every((m) => {
      const found = /^(\w+)(=~|=)"(.*)"$/.exec(m);
      if (!found) return false;
      const [, label, op, value] = found as unknown as [string, string, string, string];
      const actual = labels[label] ?? '';
      return op === '=' ? actual === value : new RegExp(`^(?:${value})$`).test(actual);
    });
  // Alertmanager's walk: the first matching child, deepest first; unset fields inherit.
  let wait = root.group_wait ?? '30s';
  let route: Route | undefined = root;
  while (route) {
    route = route.routes?.find(matches);
    if (route?.group_wait) wait = route.group_wait;
  }
  return seconds(wait);
}

/** Prometheus's flags for the scale: alerts it stops sending expire in Alertmanager after 4 × 1s. */
export const prometheusFlags = ['--rules.alert.resend-delay=1s'];
