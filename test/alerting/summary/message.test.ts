import { countBySeverity, type DailySummary } from '../../../alerting/summary/build-summary';
import { RULE_PANELS } from '../../../alerting/summary/dashboard-links';
import { escapeHtml } from '../../../alerting/summary/html';
import { summaryMessage, unavailableMessage } from '../../../alerting/summary/message';
import { expectedHistory, STEP, XSS_ROUTE } from './history-fixture';

// 2026-02-18 08:00 in Jakarta.
const end = Date.UTC(2026, 1, 18, 1, 0) / 1000;
const window = { start: end - 86_400, end, step: STEP };
const alerts = expectedHistory(end);
const summary: DailySummary = { window, alerts, counts: countBySeverity(alerts) };

describe('summaryMessage with GRAFANA_URL', () => {
  const burn = {
    alertname: 'ApiAvailabilityBudgetBurn',
    severity: 'critical' as const,
    labels: { env: 'staging', slo: 'api-availability' },
    episodes: 1,
    firingSeconds: 3600,
    firstFiringAt: end - 7200,
    lastFiringAt: end,
    firingAtStart: false,
    firingNow: true,
  };
  const linked: DailySummary = { window, alerts: [burn], counts: countBySeverity([burn]) };
  const panel = RULE_PANELS.get(burn.alertname);
  const href = `https://grafana.example/d/${panel?.uid}?viewPanel=${panel?.panelId}&var-env=staging&from=${(end - 3 * 3600) * 1000}&to=now`;

  it("gives each alert line the link to its rule's panel, in text and HTML", () => {
    const { text, html } = summaryMessage(linked, 'Asia/Jakarta', 'staging', 'https://grafana.example');
    expect(text).toContain(`still firing\n  📊 dashboard: ${href}\n`);
    expect(html).toContain(`<a href="${escapeHtml(href)}">📊 dashboard</a>`);
  });

  it('has no link without GRAFANA_URL, nor for rules that name no panel', () => {
    const { text, html } = summaryMessage(linked, 'Asia/Jakarta', 'staging');
    expect(text + html).not.toContain('dashboard');
    const other = { ...burn, alertname: 'NoPanelRule' };
    const unlinked = summaryMessage(
      { window, alerts: [other], counts: countBySeverity([other]) },
      'Asia/Jakarta',
      'staging',
      'https://grafana.example',
    );
    expect(unlinked.text + unlinked.html).not.toContain('dashboard');
  });
});

describe('summaryMessage', () => {
  it('names the day and the counts in the subject', () => {
    expect(summaryMessage(summary, 'Asia/Jakarta').subject).toBe(
      '[Clicky] Daily alert summary 2026-02-18: 2 critical, 2 error, 2 warning',
    );
  });

  it('lists every alert with how often and how long it fired, most severe first', () => {
    expect(summaryMessage(summary, 'Asia/Jakarta').text).toBe(
      [
        'Alerts that fired from 2026-02-17 08:00 to 2026-02-18 08:00 Asia/Jakarta: 2 critical, 2 error, 2 warning.',
        '',
        'CRITICAL (2)',
        '- DatabaseDown {service="db"}: fired 1 time, 24h in total, already firing at the start, still firing',
        '- ServiceDown {instance="fastapi:8000", job="clicky-api"}: fired 2 times, 15m 15s in total, first at 2026-02-17 12:00, last at 2026-02-18 06:05',
        '',
        'ERROR (2)',
        '- BackupFailed {job="backup"}: fired 1 time, 1h in total, already firing at the start, last at 2026-02-17 08:59',
        '- HighErrorRate {job="clicky-api"}: fired 1 time, 1h in total, first at 2026-02-18 03:00, last at 2026-02-18 03:59',
        '',
        'WARNING (2)',
        '- DiskSpaceLow {instance="node:9100", mountpoint="/"}: fired 1 time, 10m in total, first at 2026-02-18 07:50, still firing',
        `- SlowResponse {job="clicky-api", route=${JSON.stringify(XSS_ROUTE)}}: fired 1 time, 45s in total, first at 2026-02-18 05:00, last at 2026-02-18 05:00`,
        '',
        'Times are counted in steps of 15s (the rule evaluation interval).',
        '',
        'This summary is sent every day, also when nothing fired.',
        '',
      ].join('\n'),
    );
  });

  it('escapes what Prometheus sent in the HTML body', () => {
    const { html } = summaryMessage(summary, 'Asia/Jakarta');
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(`route=${JSON.stringify(XSS_ROUTE)}`));
    expect(html).toContain('&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;&amp;a=1');
    expect(html).toMatch(
      /<td [^>]*>ServiceDown \{instance=&quot;fastapi:8000&quot;, job=&quot;clicky-api&quot;\}<\/td><td [^>]*>2 times<\/td><td [^>]*>15m 15s<\/td>/,
    );
    expect(html).toContain('<strong>still firing</strong>');
  });

  it('still sends a summary when nothing fired, saying so', () => {
    const quiet = summaryMessage({ window, alerts: [], counts: countBySeverity([]) }, 'Asia/Jakarta');
    expect(quiet.subject).toBe('[Clicky] Daily alert summary 2026-02-18: no alerts');
    expect(quiet.text).toBe(
      'No alerts in the past 24 hours (2026-02-17 08:00 to 2026-02-18 08:00 Asia/Jakarta).\n\n' +
        'This summary is sent every day, also when nothing fired.\n',
    );
    expect(quiet.html).toContain('<p>No alerts in the past 24 hours');
  });
});

describe('unavailableMessage', () => {
  it('says that the history could not be read, and why', () => {
    const notice = unavailableMessage(
      window,
      'http://prometheus:9090/api/v1/query_range: ECONNREFUSED',
      'Asia/Jakarta',
    );
    expect(notice.subject).toBe(
      '[Clicky] Daily alert summary 2026-02-18: unavailable, Prometheus could not be read',
    );
    expect(notice.text).toMatch(
      /^The alert history for 2026-02-17 08:00 to 2026-02-18 08:00 Asia\/Jakarta could not be read from Prometheus: http:\/\/prometheus:9090\/api\/v1\/query_range: ECONNREFUSED\n/,
    );
    expect(notice.html).toContain('<p>Check Prometheus and the summary service;');
  });
});

describe('the environment', () => {
  it('is named in the subject and first in the body when it is not production', () => {
    const staging = summaryMessage(summary, 'Asia/Jakarta', 'staging');
    expect(staging.subject).toBe(
      '[Clicky staging] Daily alert summary 2026-02-18: 2 critical, 2 error, 2 warning',
    );
    expect(staging.text.split('\n').slice(0, 3)).toEqual([
      'Environment: staging.',
      '',
      'Alerts that fired from 2026-02-17 08:00 to 2026-02-18 08:00 Asia/Jakarta: 2 critical, 2 error, 2 warning.',
    ]);
    expect(staging.html).toMatch(
      /<body[^>]*><p><strong>Environment: staging\.<\/strong><\/p><p>Alerts that fired/,
    );
    const quiet = summaryMessage(
      { window, alerts: [], counts: countBySeverity([]) },
      'Asia/Jakarta',
      'staging',
    );
    expect(quiet.subject).toBe('[Clicky staging] Daily alert summary 2026-02-18: no alerts');
    expect(quiet.html).toContain('<p><strong>Environment: staging.</strong></p><p>No alerts');
  });

  it('is named in the notice that the history could not be read', () => {
    const notice = unavailableMessage(window, 'connection refused', 'Asia/Jakarta', 'staging');
    expect(notice.subject).toBe(
      '[Clicky staging] Daily alert summary 2026-02-18: unavailable, Prometheus could not be read',
    );
    expect(notice.text).toMatch(/^Environment: staging\.\n\nThe alert history/);
    expect(notice.html).toContain('<p>Environment: staging.</p>');
  });

  it('leaves production’s email as it was', () => {
    expect(summaryMessage(summary, 'Asia/Jakarta', 'production')).toEqual(
      summaryMessage(summary, 'Asia/Jakarta'),
    );
    expect(unavailableMessage(window, 'x', 'Asia/Jakarta', 'production')).toEqual(
      unavailableMessage(window, 'x', 'Asia/Jakarta'),
    );
    expect(summaryMessage(summary, 'Asia/Jakarta', 'production').text).not.toContain('Environment');
  });
});
