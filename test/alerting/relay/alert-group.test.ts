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

describe('groupKey', () => {
  it('is the same for alerts of one name, status and severity, and differs otherwise', () => {
    const key = (extra: Parameters<typeof testAlert>[0]) => groupKey(queued(testAlert(extra)));
    expect(key({ labels: { instance: 'a' } })).toBe(key({ labels: { instance: 'b' } }));
    expect(key({})).not.toBe(key({ status: 'resolved' }));
    expect(key({})).not.toBe(key({ labels: { severity: 'warning' } }));
    expect(key({})).not.toBe(key({ labels: { alertname: 'RedisDown' } }));
  });
});
