import { dashboardUrl, LEAD_MS } from '../../../alerting/links/dashboard-link';

const firing = {
  labels: { alertname: 'ApiAvailabilityBudgetBurn', env: 'production' },
  annotations: { dashboard_uid: 'clicky-slo', dashboard_panel_id: '4' },
  startsAt: '2026-02-18T10:30:00.000Z',
  endsAt: '0001-01-01T00:00:00Z',
  status: 'firing' as const,
};
const started = Date.parse(firing.startsAt);

it('links to the panel, in the alert environment, from an hour before it started until now', () => {
  const url = new URL(dashboardUrl('https://grafana.clicky.or.id/', firing) ?? '');
  expect(url.origin + url.pathname).toBe('https://grafana.clicky.or.id/d/clicky-slo');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    viewPanel: '4',
    'var-env': 'production',
    from: String(started - LEAD_MS),
    to: 'now',
  });
});

it('ends at the alert end once resolved', () => {
  const endsAt = '2026-02-18T11:00:00.000Z';
  const url = new URL(dashboardUrl('https://g.example', { ...firing, status: 'resolved', endsAt }) ?? '');
  expect(url.searchParams.get('to')).toBe(String(Date.parse(endsAt)));
});

it('keeps a Grafana served under a path', () => {
  expect(dashboardUrl('https://example.org/grafana', firing)).toMatch(
    /^https:\/\/example\.org\/grafana\/d\/clicky-slo\?/,
  );
});

it('gives no link without GRAFANA_URL, without the annotations, or with a bad panel id or start', () => {
  expect(dashboardUrl(undefined, firing)).toBeUndefined();
  expect(dashboardUrl('', firing)).toBeUndefined();
  expect(dashboardUrl('https://g.example', { ...firing, annotations: {} })).toBeUndefined();
  const badPanel = { ...firing, annotations: { ...firing.annotations, dashboard_panel_id: '4&x=1' } };
  expect(dashboardUrl('https://g.example', badPanel)).toBeUndefined();
  expect(dashboardUrl('https://g.example', { ...firing, startsAt: 'yesterday' })).toBeUndefined();
});

it('leaves var-env out when the alert has no env', () => {
  const url = new URL(dashboardUrl('https://g.example', { ...firing, labels: {} }) ?? '');
  expect(url.searchParams.has('var-env')).toBe(false);
});
