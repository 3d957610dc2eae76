import { monitors as alertingMonitors } from '../../alerting/rules/metrics';
import { allMonitors, monitors } from '../../uptime/monitors';

describe('uptime monitors', () => {
  it('are the four of spec section 5, with its URLs, intervals and alert channels', () => {
    expect(allMonitors.map((m) => [m.friendlyName, m.url, m.intervalSeconds / 60, m.alertChannels])).toEqual([
      ['API Health', 'https://api.clicky.or.id/health', 5, ['telegram', 'email']],
      ['API Ready', 'https://api.clicky.or.id/health/ready', 5, ['telegram']],
      ['Website', 'https://www.sahabatkhairat.or.id', 5, ['email']],
      ['MinIO Console', 'https://storage.clicky.or.id/minio/health/live', 15, ['telegram']],
    ]);
  });

  it('have unique names usable as label values, and https URLs (the probes read certificate expiry)', () => {
    const names = allMonitors.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of allMonitors) {
      expect(m.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(new URL(m.url).protocol).toBe('https:');
    }
  });

  // Until alerting/rules/metrics.ts imports uptime/monitors.ts, the two declarations must agree.
  it('agree with the monitors the alert rules and inhibitions name', () => {
    const pick = (m: { name: string; service: string }) => ({ name: m.name, service: m.service });
    const fromAlerting = Object.fromEntries(Object.entries(alertingMonitors).map(([k, m]) => [k, pick(m)]));
    const fromUptime = Object.fromEntries(Object.entries(monitors).map(([k, m]) => [k, pick(m)]));
    expect(fromUptime).toEqual(fromAlerting);
  });
});
