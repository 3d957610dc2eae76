import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { seconds } from '../../alerting/rules/promql';
import { thresholds } from '../../alerting/rules/thresholds';
import { models, panelsOf, targetsOf } from './support/models';

const dashboard = (uid: string) => models().find((m) => m.uid === uid) as Dashboard;
const panel = (uid: string, title: string) => {
  const found = panelsOf(dashboard(uid)).find((p) => p.title === title);
  if (!found) throw new Error(`no panel "${title}" in ${uid}`);
  return found;
};
/** The values at which a panel changes colour, in order (the base step has none). */
const limits = (p: Panel) => (p.fieldConfig?.defaults?.thresholds?.steps ?? []).slice(1).map((s) => s.value);
const exprs = (p: Panel) => targetsOf(p).map((t) => t.expr ?? '');

describe('panels that mirror an alert turn red at its threshold', () => {
  const api = 'clicky-api-performance';

  it('SlowResponse: p95 over 5m, red from 2 s, on the stat and as a line on the graphs', () => {
    const { maxSeconds, window, quantile } = thresholds.latency;
    const stat = panel(api, `p95 latency, last ${window}`);
    expect(limits(stat)).toEqual([maxSeconds]);
    expect(exprs(stat)[0]).toContain(`histogram_quantile(${quantile},`);
    expect(exprs(stat)[0]).toContain(`[${window}]`);
    for (const title of ['Latency p50 / p95 / p99', 'p95 latency per route']) {
      expect(limits(panel(api, title))).toEqual([maxSeconds]);
      expect(panel(api, title).fieldConfig?.defaults?.custom?.thresholdsStyle).toEqual({ mode: 'dashed' });
    }
  });

  it('HighErrorRate: 5xx responses in 5m, red from 10', () => {
    const { max5xx, window } = thresholds.errors;
    for (const title of [`5xx responses, last ${window}`, `5xx responses per ${window}`]) {
      expect(limits(panel(api, title))).toEqual([max5xx]);
      expect(exprs(panel(api, title))[0]).toMatch(
        new RegExp(`increase\\(.*status=~"5\\.\\."\\}\\[${window}\\]\\)`),
      );
    }
  });

  it('DiskSpaceLow and DiskSpaceCritical: orange and red at their used ratios', () => {
    const { low, critical } = thresholds.disk;
    for (const title of ['Disk usage', 'Disk usage over time']) {
      expect(limits(panel('clicky-infrastructure', title))).toEqual([low.usedRatio, critical.usedRatio]);
    }
  });

  it('SslCertificateExpiry: red below 14 days', () => {
    const expiry = panel('clicky-uptime-alerts', 'Days until certificate expiry');
    expect(limits(expiry)).toEqual([seconds(thresholds.tls.minValidity) / 86_400]);
    expect(expiry.fieldConfig?.defaults?.thresholds?.steps?.[0]?.color).toBe('red');
  });

  it('WpSyncFailed: the last sync turns red after 6h', () => {
    expect(limits(panel('clicky-admin-overview', 'Last WordPress sync'))).toEqual([
      seconds(thresholds.wpSync.maxAge),
    ]);
  });
});
