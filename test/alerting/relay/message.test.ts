import fc from 'fast-check';
import { wellFormed } from '../../../alerting/relay/format';
import { MAX_FIELD_LENGTH, renderAlert } from '../../../alerting/relay/message';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import { testAlert } from '../../support/alertmanager-payload';
import { parseTelegramHtml } from '../../support/fake-telegram';
import { nastyText } from './nasty-text';

const JAKARTA = { timeZone: 'Asia/Jakarta' };
const queued = (alert = testAlert()): QueuedAlert => ({
  id: 1,
  alert,
  acceptedAt: Date.parse('2026-02-18T11:00:00Z'),
});

function shown(html: string) {
  const result = parseTelegramHtml(html);
  if ('error' in result) throw new Error(`${result.error} in ${JSON.stringify(html)}`);
  return result;
}

describe('renderAlert', () => {
  it('renders a firing alert: emoji, bold title, description, local time, labels, runbook link', () => {
    const alert = testAlert({
      labels: { job: 'clicky-exporter' },
      annotations: { runbook_url: 'https://git.example/runbooks/DatabaseDown.md?a=1&b=2' },
    });
    const html = renderAlert(queued(alert), JAKARTA);
    expect(html).toBe(
      [
        '🔴 <b>DatabaseDown: PostgreSQL is down</b>',
        "The exporter's PostgreSQL check has failed for 1m.",
        '🕐 2026-02-18 17:30:00 WIB',
        '🏷 service=db · instance=exporter:9470 · job=clicky-exporter',
        '📖 <a href="https://git.example/runbooks/DatabaseDown.md?a=1&amp;b=2">runbook</a>',
      ].join('\n'),
    );
    expect(shown(html).entities).toEqual([
      expect.objectContaining({ type: 'bold' }),
      expect.objectContaining({
        type: 'text_link',
        url: 'https://git.example/runbooks/DatabaseDown.md?a=1&b=2',
      }),
    ]);
  });

  it('renders a resolved alert with when it ended and how long it lasted', () => {
    const html = renderAlert(queued(testAlert({ status: 'resolved' })), JAKARTA);
    expect(html).toBe(
      [
        '✅ <b>RESOLVED DatabaseDown: PostgreSQL is down</b>',
        '🕐 2026-02-18 17:42:10 WIB · lasted 12m 10s',
        '🏷 service=db · instance=exporter:9470',
      ].join('\n'),
    );
  });

  it.each([
    ['critical', '🔴'],
    ['error', '🟠'],
    ['warning', '🟡'],
    ['info', '🔵'],
    ['page-me', '⚪'],
    ['', '⚪'],
  ])('marks severity %j with %s', (severity, emoji) => {
    expect(renderAlert(queued(testAlert({ labels: { severity } })), JAKARTA).startsWith(`${emoji} <b>`)).toBe(
      true,
    );
  });

  it('copes with missing names, summaries, descriptions, times and non-http runbooks', () => {
    const alert = testAlert({
      labels: { alertname: '' },
      annotations: { summary: '', description: '', runbook_url: 'javascript:x' },
    });
    alert.startsAt = '0001-01-01T00:00:00Z';
    expect(renderAlert(queued(alert), { timeZone: 'UTC' })).toBe(
      ['🔴 <b>Alert</b>', '🕐 2026-02-18 11:00:00 UTC', '🏷 service=db · instance=exporter:9470'].join('\n'),
    );
  });

  it('clips a runaway field, never through an emoji, and says how much is left out', () => {
    const description = `${'x'.repeat(MAX_FIELD_LENGTH - 1)}😀${'y'.repeat(500)}`;
    const { text } = shown(renderAlert(queued(testAlert({ annotations: { description } })), JAKARTA));
    expect(text).toContain(`${'x'.repeat(MAX_FIELD_LENGTH - 1)}… (502 more characters)\n🕐`);
  });

  it('still names the alert if rendering fails', () => {
    expect(renderAlert(queued(), { timeZone: 'Not/AZone' })).toBe(
      '⚪ <b>DatabaseDown</b>\n(the relay could not format this alert)',
    );
  });

  it('names an environment other than production in the title, not on the labels line', () => {
    const staging = testAlert({ labels: { env: 'staging', job: 'clicky-exporter' } });
    expect(renderAlert(queued(staging), JAKARTA).split('\n')).toEqual([
      '🔴 <b>[staging] DatabaseDown: PostgreSQL is down</b>',
      "The exporter's PostgreSQL check has failed for 1m.",
      '🕐 2026-02-18 17:30:00 WIB',
      '🏷 service=db · instance=exporter:9470 · job=clicky-exporter',
    ]);
    const resolved = testAlert({ status: 'resolved', labels: { env: 'staging' } });
    expect(renderAlert(queued(resolved), JAKARTA)).toMatch(
      /^✅ <b>RESOLVED \[staging\] DatabaseDown: PostgreSQL is down<\/b>\n/,
    );
    const odd = testAlert({ labels: { env: 'dev<1>' } });
    expect(shown(renderAlert(queued(odd), JAKARTA)).text).toMatch(/^🔴 \[dev<1>\] DatabaseDown/);
  });

  it('leaves production as the spec shows it: no tag, no env label', () => {
    const production = testAlert({ labels: { env: 'production', job: 'clicky-exporter' } });
    const without = testAlert({ labels: { job: 'clicky-exporter' } });
    expect(renderAlert(queued(production), JAKARTA)).toBe(
      renderAlert(
        { ...queued(without), alert: { ...without, fingerprint: production.fingerprint } },
        JAKARTA,
      ),
    );
    expect(renderAlert(queued(production), JAKARTA)).toMatch(/^🔴 <b>DatabaseDown: /);
    expect(renderAlert(queued(production), JAKARTA)).not.toContain('env=');
  });

  it('renders any alert text, and the text reads back unchanged', () => {
    fc.assert(
      fc.property(
        nastyText(),
        nastyText(),
        nastyText(20),
        nastyText(),
        (name, summary, label, description) => {
          const alert = testAlert({
            labels: { alertname: name || 'x', zone: label || 'z' },
            annotations: {
              summary: summary || 's',
              description: description || 'd',
              runbook_url: `https://x/${label}`,
            },
          });
          const { text, entities } = shown(renderAlert(queued(alert), JAKARTA));
          expect(text).toContain(wellFormed(`${name || 'x'}: ${summary || 's'}`));
          expect(text).toContain(wellFormed(description || 'd'));
          expect(text).toContain(wellFormed(`zone=${label || 'z'}`));
          expect(entities.find((e) => e.type === 'text_link')?.url).toBe(wellFormed(`https://x/${label}`));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the dashboard link (GRAFANA_URL)', () => {
  const linked = (status: 'firing' | 'resolved') =>
    testAlert({
      status,
      labels: { alertname: 'ApiAvailabilityBudgetBurn', env: 'production' },
      annotations: { dashboard_uid: 'clicky-slo', dashboard_panel_id: '4' },
    });
  const options = { ...JAKARTA, grafanaUrl: 'https://grafana.example/' };
  const link = (html: string) => {
    const href = /📊 <a href="([^"]+)">dashboard<\/a>$/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    return href ? new URL(href) : undefined;
  };

  it('links a firing alert to its panel, in its environment, from an hour before it started until now', () => {
    const url = link(renderAlert(queued(linked('firing')), options));
    expect(url?.pathname).toBe('/d/clicky-slo');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      viewPanel: '4',
      'var-env': 'production',
      from: String(Date.parse('2026-02-18T09:30:00Z')),
      to: 'now',
    });
    expect(shown(renderAlert(queued(linked('firing')), options)).text).toMatch(/📊 dashboard$/);
  });

  it('ends the range at the end of a resolved alert', () => {
    expect(link(renderAlert(queued(linked('resolved')), options))?.searchParams.get('to')).toBe(
      String(Date.parse('2026-02-18T10:42:10Z')),
    );
  });

  it('is left out without GRAFANA_URL, and for rules that name no panel', () => {
    expect(renderAlert(queued(linked('firing')), JAKARTA)).not.toContain('📊');
    expect(renderAlert(queued(testAlert()), options)).not.toContain('📊');
  });
});
