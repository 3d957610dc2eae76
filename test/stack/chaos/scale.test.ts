/** The chaos matrix's clock: the shipped rules and routes, every duration divided by SCALE. */
import { parse } from 'yaml';
import { alertmanagerConfig } from '../../../alerting/alertmanager/config';
import { ruleGroups } from '../../../alerting/rules';
import { seconds } from '../../../alerting/rules/promql';
import type { Duration } from '../../../alerting/rules/types';
import {
  SCALE,
  scaled,
  scaledAlertmanagerConfig,
  scaledGroupWait,
  scaledRuleFile,
  scaledRules,
  scaleExpr,
} from '../../../stack/chaos/scale';

describe('scaled', () => {
  it(`divides by ${SCALE}, rounds, keeps 0s and never goes below 1s`, () => {
    expect([scaled('1m'), scaled('5m'), scaled('1h'), scaled('0s'), scaled('10s'), scaled('30s')]).toEqual([
      '2s',
      '10s',
      '2m',
      '0s',
      '1s',
      '1s',
    ]);
  });

  it('scales range selectors and leaves literal seconds alone', () => {
    expect(scaleExpr('increase(x[5m]) > 10 and time() - y > 26 * 3600')).toBe(
      'increase(x[10s]) > 10 and time() - y > 26 * 3600',
    );
  });
});

/** The threshold rules the matrix runs; the SLOs' burn-rate alerts watch 30 days and are not scaled. */
const allRules = ruleGroups.flatMap((group) => group.rules);

describe('the scaled rules', () => {
  it('are the shipped rules, each `for` scaled, names and severities unchanged', () => {
    const scaledByName = new Map(scaledRules().map((r) => [r.alert, r]));
    expect([...scaledByName.keys()]).toEqual(allRules.map((r) => r.alert));
    for (const rule of allRules) {
      const copy = scaledByName.get(rule.alert);
      expect(copy?.severity).toBe(rule.severity);
      expect(copy?.for).toBe(scaled(rule.for));
    }
    const file = parse(scaledRuleFile()) as { groups: { rules: { alert: string; for: string }[] }[] };
    expect(file.groups.flatMap((g) => g.rules.map((r) => r.for))).toEqual(scaledRules().map((r) => r.for));
  });
});

describe('the scaled Alertmanager config', () => {
  const config = scaledAlertmanagerConfig() as {
    global: Record<string, unknown>;
    route: { group_wait: string; routes: { group_wait?: string; group_interval?: string }[] };
  };

  it('scales every wait and interval, and speaks plain SMTP to the local sink', () => {
    expect(config.global.smtp_require_tls).toBe(false);
    expect(config.route.group_wait).toBe(scaled('1m'));
    const shipped = alertmanagerConfig(allRules).route.routes as { group_wait?: Duration }[];
    expect(config.route.routes.map((r) => r.group_wait)).toEqual(
      shipped.map((r) => (r.group_wait ? scaled(r.group_wait) : undefined)),
    );
    expect(config.route.routes.map((r) => r.group_wait)).toEqual(expect.arrayContaining(['1s', '10s']));
  });

  it("gives each rule its route's group_wait: Telegram's for critical, e-mail's for warnings", () => {
    const rule = (name: string) => scaledRules().find((r) => r.alert === name);
    expect(scaledGroupWait(rule('DatabaseDown') as never)).toBe(seconds(scaled('30s')));
    expect(scaledGroupWait(rule('ExporterDown') as never)).toBe(seconds(scaled('5m')));
  });
});
