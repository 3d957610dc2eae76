/** The /alerts answer: grouped as the alert messages are, capped, within Telegram's limit once split. */
import { firingAlertsAnswer, MAX_ALERTS } from '../../../../alerting/relay/bot/firing-alerts';
import { splitHtml, TELEGRAM_MAX_LENGTH, visibleLength } from '../../../../alerting/relay/format';

const zone = 'Asia/Jakarta';
const at = '2026-02-18T10:30:00Z';
const alert = (labels: Record<string, string>, summary = 'The API is down') => ({
  labels,
  annotations: { summary },
  startsAt: at,
  fingerprint: JSON.stringify(labels),
});

it('says when nothing fires', () => {
  expect(firingAlertsAnswer([], zone)).toMatch(/^Nothing is firing/);
});

it('groups by alertname, severity and environment, shared labels once', () => {
  const answer = firingAlertsAnswer(
    [
      alert({ alertname: 'ApiDown', severity: 'critical', env: 'staging', job: 'api', instance: 'a-1' }),
      alert({ alertname: 'DiskFull', severity: 'warning', env: 'production', instance: 'db' }, 'Disk full'),
      alert({ alertname: 'ApiDown', severity: 'critical', env: 'staging', job: 'api', instance: 'a-2' }),
      alert({ alertname: 'ApiDown', severity: 'critical', env: 'production', job: 'api', instance: 'a-3' }),
    ],
    zone,
  );
  expect(answer.split('\n\n')).toEqual([
    '<b>Firing now (4)</b>',
    [
      '🔴 <b>[staging] ApiDown: The API is down</b> · 2 alerts',
      '🏷 job=api',
      '• instance=a-1 · since 2026-02-18 17:30:00 WIB',
      '• instance=a-2 · since 2026-02-18 17:30:00 WIB',
    ].join('\n'),
    '🟡 <b>DiskFull: Disk full</b>\n• instance=db · since 2026-02-18 17:30:00 WIB',
    '🔴 <b>ApiDown: The API is down</b>\n• instance=a-3 · job=api · since 2026-02-18 17:30:00 WIB',
  ]);
});

it('lists at most MAX_ALERTS of a storm, escaped, and splits into parts Telegram accepts', () => {
  const storm = Array.from({ length: MAX_ALERTS + 40 }, (_, i) =>
    alert({ alertname: 'Flood', instance: `<host-${i}>-${'x'.repeat(80)}` }),
  );
  const answer = firingAlertsAnswer(storm, zone);
  expect(answer).toContain(`<b>Firing now (${MAX_ALERTS + 40})</b>`);
  expect(answer).toContain('…and 40 more (see Alertmanager).');
  expect(answer.match(/^• /gm)).toHaveLength(MAX_ALERTS);
  expect(answer).toContain('&lt;host-0&gt;');
  const parts = splitHtml(answer);
  expect(parts.length).toBeGreaterThan(1);
  for (const part of parts) expect(visibleLength(part)).toBeLessThanOrEqual(TELEGRAM_MAX_LENGTH);
});
