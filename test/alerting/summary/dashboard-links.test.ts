import { allRules } from '../../../alerting/rules';
import type { AlertHistory } from '../../../alerting/summary/alert-history';
import { historyDashboardUrl, RULE_PANELS } from '../../../alerting/summary/dashboard-links';

const H = 3600;
const end = Date.UTC(2026, 1, 18, 1, 0) / 1000;
const history = (extra: Partial<AlertHistory> = {}): AlertHistory => ({
  alertname: 'ApiAvailabilityBudgetBurn',
  severity: 'critical',
  labels: { env: 'staging', slo: 'api-availability' },
  episodes: 1,
  firingSeconds: 2 * H,
  firstFiringAt: end - 5 * H,
  lastFiringAt: end - 3 * H,
  firingAtStart: false,
  firingNow: false,
  ...extra,
});
const GRAFANA = 'https://grafana.example/';

describe('RULE_PANELS', () => {
  it('maps each rule that names a panel, by its name, to that panel', () => {
    const named = allRules.filter((rule) => rule.dashboard);
    expect(named.length).toBeGreaterThan(0);
    for (const rule of named) expect(RULE_PANELS.get(rule.alert)).toEqual(rule.dashboard);
  });
});

describe('historyDashboardUrl', () => {
  const panel = RULE_PANELS.get('ApiAvailabilityBudgetBurn');

  it('links a rule that ended to its panel, from an hour before its first firing until its last', () => {
    const url = new URL(historyDashboardUrl(GRAFANA, history()) ?? '');
    expect(url.pathname).toBe(`/d/${panel?.uid}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      viewPanel: String(panel?.panelId),
      'var-env': 'staging',
      from: String((end - 6 * H) * 1000),
      to: String((end - 3 * H) * 1000),
    });
  });

  it("runs until now while the alert still fires, in the summary's environment when the series has none", () => {
    const url = new URL(
      historyDashboardUrl(GRAFANA, history({ firingNow: true, labels: {} }), 'production') ?? '',
    );
    expect(url.searchParams.get('to')).toBe('now');
    expect(url.searchParams.get('var-env')).toBe('production');
  });

  it('is undefined without GRAFANA_URL, or for a rule that names no panel', () => {
    expect(historyDashboardUrl(undefined, history())).toBeUndefined();
    expect(historyDashboardUrl(GRAFANA, history({ alertname: 'NoSuchRule' }))).toBeUndefined();
    expect(historyDashboardUrl(GRAFANA, history(), undefined, new Map())).toBeUndefined();
  });
});
