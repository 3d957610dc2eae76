/**
 * One alert as a block of Telegram HTML, after the spec's send_alert (section 4): severity emoji,
 * bold title, the message, the time; then the labels that say where, and the runbook.
 *
 *   🔴 <b>DatabaseDown: PostgreSQL is down</b>
 *   The exporter's PostgreSQL check (exporter:9470) has failed for 1m.
 *   🕐 2026-02-18 17:30:00 WIB
 *   🏷 service=db · instance=exporter:9470 · job=clicky-exporter
 *   📖 runbook                                   (a link)
 *   📊 dashboard                                 (with GRAFANA_URL and a rule that names its panel)
 *
 *   ✅ <b>RESOLVED DatabaseDown: PostgreSQL is down</b>
 *   🕐 2026-02-18 17:42:10 WIB · lasted 12m 10s
 *   🏷 service=db · instance=exporter:9470 · job=clicky-exporter
 *
 * An alert whose `env` label is not production says so first in its title:
 * "🔴 <b>[staging] DatabaseDown: …</b>", "✅ <b>RESOLVED [staging] DatabaseDown: …</b>"; the `env`
 * label itself is not repeated on the labels line (production's messages stay as the spec shows).
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
import { dashboardUrl } from '../links/dashboard-link';
import { escapeAttribute, escapeHtml } from './format';
import type { QueuedAlert } from './queued-alert';
import { formatDuration, formatTime } from './time-format';

export const BLOCK_SEPARATOR = '\n\n';

const SEVERITY_EMOJI: Record<string, string> = { critical: '🔴', error: '🟠', warning: '🟡', info: '🔵' };
const OTHER_SEVERITY = '⚪';
/** Labels already shown (the title, the emoji, the environment tag) or only meaningful to routing. */
const HIDDEN_LABELS = new Set(['alertname', 'severity', 'cooldown', 'env']);
/** The environment whose alerts look as the spec shows them: any other is named in the title. */
export const PRODUCTION_ENV = 'production';
/** Where the problem is: first on the labels line. */
const LEADING_LABELS = ['service', 'instance'];

/** Characters kept of one label value or annotation. */
export const MAX_FIELD_LENGTH = 3000;

export interface MessageOptions {
  /** IANA zone for the times shown (RELAY_TIME_ZONE). */
  timeZone: string;
  /** GRAFANA_URL: with it, a link to the panel the rule names (alerting/links/dashboard-link.ts). */
  grafanaUrl?: string;
}

export function renderAlert(item: QueuedAlert, options: MessageOptions): string {
  try {
    return renderBlock(item, options);
  } catch {
    return unformattable(item);
  }
}

/** A bug in rendering must not hold the queue: the alert still goes out, with its name. */
export function unformattable(item: QueuedAlert): string {
  const { alertname, env } = item.alert.labels;
  return `${OTHER_SEVERITY} <b>${envTag(env)}${text(alertname || 'Alert')}</b>\n(the relay could not format this alert)`;
}

function renderBlock(item: QueuedAlert, { timeZone, grafanaUrl }: MessageOptions): string {
  const { alert } = item;
  const lines = [heading(alert, alert.annotations.summary)];
  if (alert.status === 'resolved') {
    lines.push(`🕐 ${formatTime(endedAt(item), timeZone)}${lasted(item, ' · ')}`);
  } else {
    if (alert.annotations.description) lines.push(text(alert.annotations.description));
    lines.push(`🕐 ${formatTime(startedAt(item), timeZone)}`);
  }
  const labels = labelsLine(alert.labels);
  if (labels) lines.push(`🏷 ${labels}`);
  const runbook = runbookLine(alert.annotations.runbook_url);
  if (runbook) lines.push(runbook);
  const dashboard = dashboardLine(dashboardUrl(grafanaUrl, alert));
  if (dashboard) lines.push(dashboard);
  return lines.join('\n');
}

/** The "📊 dashboard" line for a panel URL (alerting/links/dashboard-link.ts), or undefined without one. */
export function dashboardLine(url: string | undefined): string | undefined {
  return url ? `📊 <a href="${escapeAttribute(url)}">dashboard</a>` : undefined;
}

/** "🔴 <b>Name: summary</b>", or "✅ <b>RESOLVED Name: summary</b>", then `suffix` (already HTML). */
export function heading(alert: QueuedAlert['alert'], summary: string | undefined, suffix = ''): string {
  const name = text(alert.labels.alertname || 'Alert');
  const title = envTag(alert.labels.env) + (summary ? `${name}: ${text(summary)}` : name);
  if (alert.status === 'resolved') return `✅ <b>RESOLVED ${title}</b>${suffix}`;
  const emoji = SEVERITY_EMOJI[(alert.labels.severity ?? '').toLowerCase()] ?? OTHER_SEVERITY;
  return `${emoji} <b>${title}</b>${suffix}`;
}

/**
 * "[staging] " for an environment other than production, so two environments posting into one chat
 * cannot be mistaken for each other; "" for production and for alerts without an `env` label.
 */
export function envTag(env: string | undefined): string {
  return env && env !== PRODUCTION_ENV ? `[${text(env)}] ` : '';
}

/** The labels worth showing, where-first, as "service=db · instance=…"; those in `omit` left out. */
export function labelsLine(labels: Record<string, string>, omit: ReadonlySet<string> = new Set()): string {
  const names = Object.keys(labels)
    .filter((n) => !HIDDEN_LABELS.has(n) && !omit.has(n) && labels[n] !== '')
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((n) => `${text(n)}=${text(labels[n] ?? '')}`).join(' · ');
}

/** Names of the labels `labelsLine` would show. */
export const shownLabels = (labels: Record<string, string>): string[] =>
  Object.keys(labels).filter((n) => !HIDDEN_LABELS.has(n) && labels[n] !== '');

/** A link to the runbook, for http(s) URLs only. */
export function runbookLine(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? `📖 <a href="${escapeAttribute(url)}">runbook</a>` : undefined;
}

/** Escaped, and clipped to MAX_FIELD_LENGTH without splitting a surrogate pair. */
export function text(value: string): string {
  if (value.length <= MAX_FIELD_LENGTH) return escapeHtml(value);
  const kept = value.slice(0, MAX_FIELD_LENGTH).replace(/[\uD800-\uDBFF]$/, '');
  return `${escapeHtml(kept)}… (${value.length - kept.length} more characters)`;
}

const rank = (label: string) => {
  const i = LEADING_LABELS.indexOf(label);
  return i === -1 ? LEADING_LABELS.length : i;
};

/** When a firing alert started: Alertmanager's startsAt, or when the relay took it. */
export const startedAt = ({ alert, acceptedAt }: QueuedAlert): number =>
  validTime(alert.startsAt) ?? acceptedAt;

/** When a resolved alert ended: Alertmanager's endsAt, or when the relay took it. */
export const endedAt = ({ alert, acceptedAt }: QueuedAlert): number => validTime(alert.endsAt) ?? acceptedAt;

/** `${prefix}lasted 12m 10s` for a resolved alert whose start is known, else "". */
export function lasted(item: QueuedAlert, prefix: string): string {
  const starts = validTime(item.alert.startsAt);
  const ends = endedAt(item);
  return starts !== undefined && ends >= starts ? `${prefix}lasted ${formatDuration(ends - starts)}` : '';
}

/** Epoch ms, or undefined for Alertmanager's zero time ("0001-01-01T00:00:00Z") and garbage. */
function validTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms <= 0 ? undefined : ms;
}
