/**
 * One alert as a block of Telegram HTML, after the spec's send_alert (section 4): severity emoji,
 * bold title, the message, the time; then the labels that say where, and the runbook.
 *
 *   🔴 <b>DatabaseDown: PostgreSQL is down</b>
 *   The exporter's PostgreSQL check (exporter:9470) has failed for 1m.
 *   🕐 2026-02-18 17:30:00 WIB
 *   🏷 service=db · instance=exporter:9470 · job=clicky-exporter
 *   📖 runbook                                   (a link)
 *
 *   ✅ <b>RESOLVED DatabaseDown: PostgreSQL is down</b>
 *   🕐 2026-02-18 17:42:10 WIB · lasted 12m 10s
 *   🏷 service=db · instance=exporter:9470 · job=clicky-exporter
 *
 * Decisions: single line breaks inside a block and a blank line between blocks, so a message that
 * coalesces many alerts stays readable; times in RELAY_TIME_ZONE (the foundation's, Asia/Jakarta, by
 * default) with the zone named, because on-call people read them on a phone; a firing alert shows
 * when it started (a repeat after its cooldown then says how old the problem is), a resolved one when
 * it ended; the description is left out of a resolved block, as it describes the problem in the
 * present tense. Every piece of alert text goes through escapeHtml/escapeAttribute, and is clipped
 * to MAX_FIELD_LENGTH: a runaway template must not become dozens of messages that hold up every other
 * alert behind Telegram's 20-a-minute group limit (longer blocks are still split, see format.ts).
 */
import { escapeAttribute, escapeHtml } from './format';
import type { QueuedAlert } from './queued-alert';

export const BLOCK_SEPARATOR = '\n\n';

const SEVERITY_EMOJI: Record<string, string> = { critical: '🔴', error: '🟠', warning: '🟡', info: '🔵' };
const OTHER_SEVERITY = '⚪';
/** Labels already shown (the title, the emoji) or only meaningful to Alertmanager's routing. */
const HIDDEN_LABELS = new Set(['alertname', 'severity', 'cooldown']);
/** Where the problem is: first on the labels line. */
const LEADING_LABELS = ['service', 'instance'];

/** Characters kept of one label value or annotation. */
export const MAX_FIELD_LENGTH = 3000;

export interface MessageOptions {
  /** IANA zone for the times shown (RELAY_TIME_ZONE). */
  timeZone: string;
}

export function renderAlert(item: QueuedAlert, options: MessageOptions): string {
  try {
    return renderBlock(item, options);
  } catch {
    // A bug here must not hold the queue: the alert still goes out, with its name.
    return `${OTHER_SEVERITY} <b>${text(item.alert.labels.alertname || 'Alert')}</b>\n(the relay could not format this alert)`;
  }
}

function renderBlock({ alert, acceptedAt }: QueuedAlert, { timeZone }: MessageOptions): string {
  const name = alert.labels.alertname || 'Alert';
  const summary = alert.annotations.summary;
  const title = summary ? `${text(name)}: ${text(summary)}` : text(name);
  const lines: string[] = [];
  const starts = validTime(alert.startsAt);
  if (alert.status === 'resolved') {
    const ends = validTime(alert.endsAt) ?? acceptedAt;
    const lasted = starts !== undefined && ends >= starts ? ` · lasted ${formatDuration(ends - starts)}` : '';
    lines.push(`✅ <b>RESOLVED ${title}</b>`, `🕐 ${formatTime(ends, timeZone)}${lasted}`);
  } else {
    const emoji = SEVERITY_EMOJI[(alert.labels.severity ?? '').toLowerCase()] ?? OTHER_SEVERITY;
    lines.push(`${emoji} <b>${title}</b>`);
    if (alert.annotations.description) lines.push(text(alert.annotations.description));
    lines.push(`🕐 ${formatTime(starts ?? acceptedAt, timeZone)}`);
  }
  const labels = labelsLine(alert.labels);
  if (labels) lines.push(`🏷 ${labels}`);
  const runbook = alert.annotations.runbook_url;
  if (runbook && /^https?:\/\//i.test(runbook))
    lines.push(`📖 <a href="${escapeAttribute(runbook)}">runbook</a>`);
  return lines.join('\n');
}

function labelsLine(labels: Record<string, string>): string {
  const names = Object.keys(labels)
    .filter((n) => !HIDDEN_LABELS.has(n) && labels[n] !== '')
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((n) => `${text(n)}=${text(labels[n] ?? '')}`).join(' · ');
}

/** Escaped, and clipped to MAX_FIELD_LENGTH without splitting a surrogate pair. */
function text(value: string): string {
  if (value.length <= MAX_FIELD_LENGTH) return escapeHtml(value);
  const kept = value.slice(0, MAX_FIELD_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
  return `${escapeHtml(kept)}… (${value.length - kept.length} more characters)`;
}

const rank = (label: string) => {
  const i = LEADING_LABELS.indexOf(label);
  return i === -1 ? LEADING_LABELS.length : i;
};

/** Epoch ms, or undefined for Alertmanager's zero time ("0001-01-01T00:00:00Z") and garbage. */
function validTime(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}

const formatters = new Map<string, (ms: number) => Record<string, string>>();

/** The parts of a date in `timeZone`, with `zone`: its abbreviation when it has a common one, else "GMT+7" or "UTC". */
function partsIn(timeZone: string): (ms: number) => Record<string, string> {
  let parts = formatters.get(timeZone);
  if (!parts) {
    const date = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...{ year: 'numeric', month: '2-digit', day: '2-digit' },
      ...{ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
    });
    // Indonesian zones have names people use (WIB, WITA, WIT); elsewhere the offset is clearer.
    const local = new Intl.DateTimeFormat('id-ID', { timeZone, timeZoneName: 'short' });
    const offset = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    const zoneOf = (format: Intl.DateTimeFormat, ms: number) =>
      format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    parts = (ms) => {
      const named = zoneOf(local, ms);
      const zone = /^[A-Z]{2,5}$/.test(named) ? named : zoneOf(offset, ms);
      return { ...Object.fromEntries(date.formatToParts(ms).map((p) => [p.type, p.value])), zone };
    };
    formatters.set(timeZone, parts);
  }
  return parts;
}

/** "2026-02-18 17:30:00 WIB". */
export function formatTime(ms: number, timeZone: string): string {
  const p = partsIn(timeZone)(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.zone}`;
}

/** "45s", "12m 10s", "3h 5m", "2d 4h": the two largest units. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  const shown = parts.slice(0, 2).filter((p, i) => i === 0 || !p.startsWith('0'));
  return shown.length > 0 ? shown.join(' ') : '0s';
}
