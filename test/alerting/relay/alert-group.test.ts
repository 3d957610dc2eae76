import fc from 'fast-check';
import { groupKey, renderGroup } from '../../../alerting/relay/alert-group';
import { wellFormed } from '../../../alerting/relay/format';
import { renderAlert } from '../../../alerting/relay/message';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import { testAlert } from '../../support/alertmanager-payload';
import { parseTelegramHtml } from '../../support/fake-telegram';
import { nastyText } from './nasty-text';

const JAKARTA = { timeZone: 'Asia/Jakarta' };
let nextId = 1;
const queued = (alert = testAlert()): QueuedAlert => ({
  id: nextId++,
  alert,
  acceptedAt: Date.parse('2026-02-18T11:00:00Z'),
});
const api = (instance: string, extra: Parameters<typeof testAlert>[0] = {}) =>
  queued(
    testAlert({
      ...extra,
      labels: { alertname: 'HighErrorRate', service: 'api', job: 'clicky-api', instance, ...extra.labels },
      annotations: {
        summary: 'Too many 5xx responses',
        description: 'More than 10 5xx in 5 minutes.',
        runbook_url: 'https://git.example/runbooks/HighErrorRate.md',
        ...extra.annotations,
      },
    }),
  );

function shown(html: string) {
  const result = parseTelegramHtml(html);
  if ('error' in result) throw new Error(`${result.error} in ${JSON.stringify(html)}`);
  return result;
}

describe('renderGroup', () => {
  it('never groups two environments, and names the one that is not production', () => {
    const staging = [
      api('api-1:8000', { labels: { env: 'staging' } }),
      api('api-2:8000', { labels: { env: 'staging' } }),
    ];
    const production = api('api-1:8000', { labels: { env: 'production' } });
    expect(groupKey(staging[0] as QueuedAlert)).toBe(groupKey(staging[1] as QueuedAlert));
    expect(groupKey(staging[0] as QueuedAlert)).not.toBe(groupKey(production));
    const html = renderGroup(staging, JAKARTA);
    expect(html.split('\n')[0]).toBe('🔴 <b>[staging] HighErrorRate: Too many 5xx responses</b> · 2 alerts');
    expect(html).not.toContain('env=');
    expect(renderGroup([production, api('api-2:8000', { labels: { env: 'production' } })], JAKARTA)).toMatch(
      /^🔴 <b>HighErrorRate: Too many 5xx responses<\/b> · 2 alerts\n/,
    );
  });

  it('renders a lone alert as its full block', () => {
    const one = api('api-1:8000');
    expect(renderGroup([one], JAKARTA)).toBe(renderAlert(one, JAKARTA));
  });

  it('says what the alerts share once, then one line per alert with what sets it apart', () => {
    const html = renderGroup(
      [
        api('api-2:8000', { startsAt: '2026-02-18T10:31:00Z' }),
        api('api-1:8000', { startsAt: '2026-02-18T10:30:00Z', labels: { route: '/bookings' } }),
      ],
      JAKARTA,
    );
    expect(html).toBe(
      [
        '🔴 <b>HighErrorRate: Too many 5xx responses</b> · 2 alerts',
        'More than 10 5xx in 5 minutes.',
        '🕐 2026-02-18 17:30:00 WIB',
        '🏷 service=api · job=clicky-api',
        '📖 <a href="https://git.example/runbooks/HighErrorRate.md">runbook</a>',
        '• instance=api-2:8000',
        '• instance=api-1:8000 · route=/bookings',
      ].join('\n'),
    );
    expect(shown(html).entities.map((e) => e.type)).toEqual(['bold', 'text_link']);
  });

  it('gives each alert its own summary when they differ, and leaves differing descriptions out', () => {
    const html = renderGroup(
      [
        api('a', { annotations: { summary: 'Errors on a', description: 'd1', runbook_url: 'ftp://no' } }),
        api('b', { annotations: { summary: 'Errors on b', description: 'd2' } }),
      ],
      JAKARTA,
    );
    expect(html.split('\n')).toEqual([
      '🔴 <b>HighErrorRate</b> · 2 alerts',
      '🕐 2026-02-18 17:30:00 WIB',
      '🏷 service=api · job=clicky-api',
      '• instance=a: Errors on a',
      '• instance=b: Errors on b',
    ]);
  });

  it('renders a resolved group with its last end and how long each alert lasted', () => {
    const html = renderGroup(
      [
        api('a', { status: 'resolved', endsAt: '2026-02-18T10:35:00Z' }),
        api('b', { status: 'resolved', endsAt: '2026-02-18T10:42:10Z' }),
      ],
      JAKARTA,
    );
    expect(html.split('\n')).toEqual([
      '✅ <b>RESOLVED HighErrorRate: Too many 5xx responses</b> · 2 alerts',
      '🕐 2026-02-18 17:42:10 WIB',
      '🏷 service=api · job=clicky-api',
      '📖 <a href="https://git.example/runbooks/HighErrorRate.md">runbook</a>',
      '• instance=a · lasted 5m',
      '• instance=b · lasted 12m 10s',
    ]);
  });

  it('keeps every alert of a storm findable, in far less room than one block each', () => {
    const storm = Array.from({ length: 20 }, (_, i) => api(`api-${i}:8000`));
    const grouped = renderGroup(storm, JAKARTA);
    const separate = storm.map((q) => renderAlert(q, JAKARTA)).join('\n\n');
    for (const q of storm) expect(grouped).toContain(`• instance=${q.alert.labels.instance}\n`.trimEnd());
    expect(grouped.length * 4).toBeLessThan(separate.length);
  });

  it('renders any alert text, and the text reads back unchanged', () => {
    fc.assert(
      fc.property(nastyText(), nastyText(), nastyText(20), nastyText(20), (name, summary, a, b) => {
        const labels = { alertname: name || 'x' };
        const html = renderGroup(
          [
            queued(
              testAlert({ labels: { ...labels, zone: a || 'z' }, annotations: { summary: summary || 's' } }),
            ),
            queued(
              testAlert({ labels: { ...labels, zone: `${b}!` }, annotations: { summary: summary || 's' } }),
            ),
          ],
          JAKARTA,
        );
        const { text } = shown(html);
        expect(text).toContain(wellFormed(`${name || 'x'}: ${summary || 's'}`));
        expect(text).toContain(wellFormed(`zone=${a || 'z'}`));
        expect(text).toContain(wellFormed(`zone=${b}!`));
      }),
      { numRuns: 200 },
    );
  });
});

describe('the dashboard link of a group (GRAFANA_URL)', () => {
  const GRAFANA = { ...JAKARTA, grafanaUrl: 'https://grafana.example' };
  const panel = { dashboard_uid: 'clicky-api', dashboard_panel_id: '3' };
  const linked = (instance: string, startsAt: string, extra: Parameters<typeof testAlert>[0] = {}) =>
    api(instance, {
      startsAt,
      ...extra,
      labels: { env: 'staging', ...extra.labels },
      annotations: { ...panel, ...extra.annotations },
    });
  const links = (html: string) =>
    [...html.matchAll(/📊 <a href="([^"]+)">dashboard<\/a>/g)].map(
      (m) => new URL((m[1] as string).replaceAll('&amp;', '&')),
    );

  it("links once, to the shared panel in the group's environment, from an hour before the earliest start until now", () => {
    const html = renderGroup(
      [linked('api-1:8000', '2026-02-18T10:30:00Z'), linked('api-2:8000', '2026-02-18T10:10:00Z')],
      GRAFANA,
    );
    const [url, ...more] = links(html);
    expect(more).toEqual([]);
    expect(url?.origin + (url?.pathname ?? '')).toBe('https://grafana.example/d/clicky-api');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      viewPanel: '3',
      'var-env': 'staging',
      from: String(Date.parse('2026-02-18T09:10:00Z')),
      to: 'now',
    });
    // The line sits with the shared lines, before the alerts' own.
    expect(html.split('\n').findIndex((l) => l.startsWith('📊'))).toBeLessThan(
      html.split('\n').findIndex((l) => l.startsWith('•')),
    );
  });

  it("ends a resolved group's range at its latest end", () => {
    const resolved = (instance: string, startsAt: string, endsAt: string) =>
      linked(instance, startsAt, { status: 'resolved', endsAt });
    const [url] = links(
      renderGroup(
        [
          resolved('api-1:8000', '2026-02-18T10:30:00Z', '2026-02-18T10:50:00Z'),
          resolved('api-2:8000', '2026-02-18T10:00:00Z', '2026-02-18T10:40:00Z'),
        ],
        GRAFANA,
      ),
    );
    expect(url?.searchParams.get('from')).toBe(String(Date.parse('2026-02-18T09:00:00Z')));
    expect(url?.searchParams.get('to')).toBe(String(Date.parse('2026-02-18T10:50:00Z')));
  });

  it('leaves the link out without GRAFANA_URL, and when the alerts name different panels or none', () => {
    const group = [
      linked('api-1:8000', '2026-02-18T10:30:00Z'),
      linked('api-2:8000', '2026-02-18T10:10:00Z'),
    ];
    expect(renderGroup(group, JAKARTA)).not.toContain('📊');
    const other = linked('api-2:8000', '2026-02-18T10:10:00Z', { annotations: { dashboard_panel_id: '4' } });
    expect(renderGroup([group[0] as QueuedAlert, other], GRAFANA)).not.toContain('📊');
    expect(renderGroup([api('api-1:8000'), api('api-2:8000')], GRAFANA)).not.toContain('📊');
  });

  it('is well-formed Telegram HTML', () => {
    const group = [
      linked('api-1:8000', '2026-02-18T10:30:00Z'),
      linked('api-2:8000', '2026-02-18T10:10:00Z'),
    ];
    expect(shown(renderGroup(group, GRAFANA)).text).toContain('📊 dashboard');
  });
});

describe('groupKey', () => {
  it('is the same for alerts of one name, status and severity, and differs otherwise', () => {
    const key = (extra: Parameters<typeof testAlert>[0]) => groupKey(queued(testAlert(extra)));
    expect(key({ labels: { instance: 'a' } })).toBe(key({ labels: { instance: 'b' } }));
    expect(key({})).not.toBe(key({ status: 'resolved' }));
    expect(key({})).not.toBe(key({ labels: { severity: 'warning' } }));
    expect(key({})).not.toBe(key({ labels: { alertname: 'RedisDown' } }));
  });
});
