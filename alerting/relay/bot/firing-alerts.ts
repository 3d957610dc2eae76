/**
 * The /alerts answer: what Alertmanager says is firing now, grouped as the alert messages are
 * (alert-group.ts: one block per alertname, severity and environment, the shared labels once, one
 * line per alert with what sets it apart). Alertmanager is the source rather than the relay's own
 * history: it knows what is still firing, what was silenced since and what an inhibition hides.
 *
 *   <b>Firing now (3)</b>
 *
 *   🔴 <b>[staging] ApiDown: The API is down</b> · 2 alerts
 *   🏷 job=clicky-api
 *   • instance=api-1:8080 · since 2026-02-18 17:30:00 WIB
 *   • instance=api-2:8080 · since 2026-02-18 17:31:10 WIB
 *
 * At most MAX_ALERTS lines, so a storm answers with a few messages, not dozens spending the chat's
 * budget; the caller splits what is longer than Telegram's limit (format.ts).
 */
import { commonLabels, groupKey } from '../alert-group';
import { BLOCK_SEPARATOR, heading, labelsLine } from '../message';
import { formatTime } from '../time-format';
import type { RelayAlert } from '../webhook';
import type { FiringAlert } from './silences';

export const MAX_ALERTS = 60;

export function firingAlertsAnswer(alerts: readonly FiringAlert[], timeZone: string): string {
  if (alerts.length === 0) return 'Nothing is firing (silenced and inhibited alerts are not counted).';
  const groups = new Map<string, RelayAlert[]>();
  for (const firing of alerts.slice(0, MAX_ALERTS)) {
    // As a webhook alert, so the relay's own grouping and heading apply unchanged.
    const alert: RelayAlert = { ...firing, status: 'firing', endsAt: '', generatorURL: '' };
    const key = groupKey({ id: 0, alert, acceptedAt: 0 });
    groups.set(key, [...(groups.get(key) ?? []), alert]);
  }
  const blocks = [...groups.values()].map((group) => block(group, timeZone));
  const more = alerts.length - MAX_ALERTS;
  if (more > 0) blocks.push(`…and ${more} more (see Alertmanager).`);
  return [`<b>Firing now (${alerts.length})</b>`, ...blocks].join(BLOCK_SEPARATOR);
}

function block(group: readonly RelayAlert[], timeZone: string): string {
  const first = group[0] as RelayAlert;
  const summary = group.every((a) => a.annotations.summary === first.annotations.summary)
    ? first.annotations.summary
    : undefined;
  const lines = [heading(first, summary, group.length > 1 ? ` · ${group.length} alerts` : '')];
  const common = group.length > 1 ? commonLabels(group.map((a) => a.labels)) : {};
  const commonLine = labelsLine(common);
  if (commonLine) lines.push(`🏷 ${commonLine}`);
  const omit = new Set(Object.keys(common));
  for (const alert of group) {
    const own = labelsLine(alert.labels, omit);
    lines.push(`• ${own ? `${own} · ` : ''}since ${formatTime(Date.parse(alert.startsAt), timeZone)}`);
  }
  return lines.join('\n');
}
