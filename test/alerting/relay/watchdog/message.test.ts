import { renderGroup } from '../../../../alerting/relay/alert-group';
import type { QueuedAlert } from '../../../../alerting/relay/queued-alert';
import {
  isNotice,
  noticeAlert,
  renderNotices,
  withNotices,
} from '../../../../alerting/relay/watchdog/message';
import { parseWebhook } from '../../../../alerting/relay/webhook';
import { testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { parseTelegramHtml } from '../../../support/fake-telegram';

const SINCE = Date.parse('2026-02-18T10:30:00Z');
const AT = SINCE + 10 * 60_000 + 5000;
const queued = (alert: QueuedAlert['alert'], acceptedAt = AT): QueuedAlert => ({ id: 1, alert, acceptedAt });
const silent = (env = 'production') => queued(noticeAlert({ kind: 'silent', sinceMs: SINCE, atMs: AT }, env));
const back = (env = 'production') =>
  queued(noticeAlert({ kind: 'recovered', sinceMs: SINCE, atMs: SINCE + 22 * 60_000 + 10_000 }, env));

describe('the watchdog notices', () => {
  it('say since when the pipeline is silent, in RELAY_TIME_ZONE, and how long', () => {
    const html = renderNotices([silent()], 'Asia/Jakarta');
    expect(html).toBe(
      [
        '🚨 <b>Alerting pipeline silent since 2026-02-18 17:30:00 WIB (10m 5s)</b>',
        'No Watchdog has reached the relay: Prometheus or Alertmanager is down or cannot reach it, so no other alert can arrive either.',
      ].join('\n'),
    );
    expect(parseTelegramHtml(html)).not.toHaveProperty('error');
  });

  it('say when the pipeline is back and how long it was silent', () => {
    expect(renderNotices([back()], 'UTC')).toBe(
      [
        '✅ <b>Alerting pipeline back</b>',
        'Watchdog arrived again at 2026-02-18 10:52:10 UTC, after 22m 10s of silence.',
      ].join('\n'),
    );
  });

  it('name an environment other than production', () => {
    expect(renderNotices([silent('staging')], 'UTC')).toMatch(
      /^🚨 <b>\[staging\] Alerting pipeline silent since/,
    );
    expect(renderNotices([back('staging')], 'UTC')).toMatch(/^✅ <b>\[staging\] Alerting pipeline back<\/b>/);
  });

  it('are valid webhook alerts (they are spooled as alerts), one fingerprint per silence', () => {
    const firing = noticeAlert({ kind: 'silent', sinceMs: SINCE, atMs: AT }, 'production');
    const resolved = noticeAlert({ kind: 'recovered', sinceMs: SINCE, atMs: AT }, 'production');
    const next = noticeAlert({ kind: 'silent', sinceMs: AT, atMs: AT + 1 }, 'production');
    expect(parseWebhook(webhookPayload([firing, resolved])).ok).toBe(true);
    expect([firing.status, resolved.status]).toEqual(['firing', 'resolved']);
    expect(firing.fingerprint).toBe(resolved.fingerprint);
    expect(next.fingerprint).not.toBe(firing.fingerprint);
  });

  it('are told apart from alerts, which keep their own rendering', () => {
    const alert = queued(testAlert());
    expect([isNotice(silent()), isNotice(alert)]).toEqual([true, false]);
    const render = withNotices((items) => renderGroup(items, { timeZone: 'UTC' }), 'UTC');
    expect(render([alert])).toBe(renderGroup([alert], { timeZone: 'UTC' }));
    expect(render([silent(), silent()])).toBe(renderNotices([silent(), silent()], 'UTC'));
  });
});
