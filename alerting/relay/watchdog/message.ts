/**
 * The relay's own messages about the alerting pipeline, and how they travel: each notice becomes an
 * alert-shaped item that goes through the intake like any other (spooled, deduplicated, rate-limited,
 * retried), so a notice never jumps or blocks the queue and survives a crash once accepted. Only its
 * rendering differs:
 *
 *   🚨 <b>[staging] Alerting pipeline silent since 2026-02-18 17:30:00 WIB (10m 5s)</b>
 *   No Watchdog has reached the relay: Prometheus or Alertmanager is down or cannot reach it, so
 *   no other alert can arrive either.
 *
 *   ✅ <b>[staging] Alerting pipeline back</b>
 *   Watchdog arrived again at 2026-02-18 17:52:10 WIB, after 22m 10s of silence.
 *
 * The environment is the relay's own APP_ENV, named as for alerts (none for production).
 */
import type { RenderGroup } from '../coalesce';
import { BLOCK_SEPARATOR, envTag } from '../message';
import type { QueuedAlert } from '../queued-alert';
import { formatDuration, formatTime } from '../time-format';
import type { RelayAlert } from '../webhook';
import type { WatchdogNotice } from './state';

/** Marks a notice among queued alerts (a label no rule sets). */
export const NOTICE_LABEL = 'relay_notice';
export const NOTICE_ALERTNAME = 'AlertingPipelineSilent';

/** The notice as an alert: firing for a silence, resolved when it ended; one fingerprint per silence. */
export function noticeAlert(notice: WatchdogNotice, env: string): RelayAlert {
  return {
    status: notice.kind === 'silent' ? 'firing' : 'resolved',
    labels: {
      alertname: NOTICE_ALERTNAME,
      severity: 'critical',
      // Each silence is news once: its firing and resolved notices differ in status, not in cooldown.
      cooldown: 'none',
      env,
      [NOTICE_LABEL]: 'watchdog',
    },
    annotations: {},
    startsAt: new Date(notice.sinceMs).toISOString(),
    endsAt: new Date(notice.kind === 'silent' ? 0 : notice.atMs).toISOString(),
    generatorURL: '',
    fingerprint: `relay-watchdog-${notice.sinceMs}`,
  };
}

export const isNotice = ({ alert }: QueuedAlert): boolean => alert.labels[NOTICE_LABEL] === 'watchdog';

/** One block per notice (they share a group key only with notices of the same kind). */
export function renderNotices(items: readonly QueuedAlert[], timeZone: string): string {
  return items.map((item) => renderNotice(item, timeZone)).join(BLOCK_SEPARATOR);
}

function renderNotice({ alert, acceptedAt }: QueuedAlert, timeZone: string): string {
  const tag = envTag(alert.labels.env);
  const since = Date.parse(alert.startsAt);
  if (alert.status === 'firing') {
    const age = formatDuration(Math.max(0, acceptedAt - since));
    return [
      `🚨 <b>${tag}Alerting pipeline silent since ${formatTime(since, timeZone)} (${age})</b>`,
      'No Watchdog has reached the relay: Prometheus or Alertmanager is down or cannot reach it, so no other alert can arrive either.',
    ].join('\n');
  }
  const back = Date.parse(alert.endsAt);
  return [
    `✅ <b>${tag}Alerting pipeline back</b>`,
    `Watchdog arrived again at ${formatTime(back, timeZone)}, after ${formatDuration(Math.max(0, back - since))} of silence.`,
  ].join('\n');
}

/** `render` for alerts, renderNotices for a group of notices (a group holds one or the other). */
export function withNotices(render: RenderGroup, timeZone: string): RenderGroup {
  return (items) => (items[0] && isNotice(items[0]) ? renderNotices(items, timeZone) : render(items));
}
