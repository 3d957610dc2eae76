/**
 * A storm's alerts that share a name, a status and a severity, as one block: what they have in
 * common once, then one line per alert with what sets it apart. This is how the relay gets an alert
 * storm under Telegram's 20-messages-a-minute group limit without dropping anything: 1,000 alerts
 * of 50 names become a handful of messages instead of fifty.
 *
 *   🔴 <b>HighErrorRate: Too many 5xx responses</b> · 20 alerts
 *   The API answered more than 10 5xx in 5 minutes.     (only when every alert says the same)
 *   🕐 2026-02-18 17:30:00 WIB                           (the first start; a resolved group: the last end)
 *   🏷 job=clicky-api                                    (the labels they all share)
 *   📖 runbook                                           (when they all share it)
 *   📊 dashboard                                         (GRAFANA_URL, when they all name one panel)
 *   • instance=api-1:8000 · service=api
 *   • instance=api-2:8000 · service=api: its own summary (when summaries differ)
 *   • instance=api-3:8000 · lasted 12m 10s               (a resolved group)
 *
 * Decision: a description that differs between the alerts of a group is left out (the summary, the
 * labels and the runbook still say what and where); a lone alert keeps its full block (message.ts).
 */
import { dashboardUrl } from '../links/dashboard-link';
import {
  dashboardLine,
  endedAt,
  heading,
  labelsLine,
  lasted,
  type MessageOptions,
  renderAlert,
  runbookLine,
  shownLabels,
  startedAt,
  text,
  unformattable,
} from './message';
import type { QueuedAlert } from './queued-alert';
import { formatTime } from './time-format';

/** Alerts with the same key may share a block (never two environments: the title names one). */
export function groupKey({ alert }: QueuedAlert): string {
  const { alertname = '', severity = '', env = '' } = alert.labels;
  return [alert.status, alertname, severity, env].join('\u0000');
}

/** `items` (one group key, not empty) as one block of Telegram HTML. */
export function renderGroup(items: readonly QueuedAlert[], options: MessageOptions): string {
  const first = items[0] as QueuedAlert;
  if (items.length === 1) return renderAlert(first, options);
  try {
    return renderGroupBlock(items, options);
  } catch {
    return unformattable(first);
  }
}

function renderGroupBlock(items: readonly QueuedAlert[], { timeZone, grafanaUrl }: MessageOptions): string {
  const alerts = items.map((item) => item.alert);
  const first = alerts[0] as QueuedAlert['alert'];
  const summary = shared(alerts.map((a) => a.annotations.summary));
  const description = shared(alerts.map((a) => a.annotations.description));
  const resolved = first.status === 'resolved';
  const lines = [heading(first, summary, ` · ${items.length} alerts`)];
  if (description && !resolved) lines.push(text(description));
  const when = resolved ? Math.max(...items.map(endedAt)) : Math.min(...items.map(startedAt));
  lines.push(`🕐 ${formatTime(when, timeZone)}`);

  const common = commonLabels(alerts.map((a) => a.labels));
  const commonLine = labelsLine(common);
  if (commonLine) lines.push(`🏷 ${commonLine}`);
  const runbook = runbookLine(shared(alerts.map((a) => a.annotations.runbook_url)));
  if (runbook) lines.push(runbook);
  const dashboard = dashboardLine(groupDashboardUrl(items, grafanaUrl));
  if (dashboard) lines.push(dashboard);

  const omit = new Set(Object.keys(common));
  for (const item of items) {
    const own = labelsLine(item.alert.labels, omit) || '(no other labels)';
    const ownSummary = summary === undefined && item.alert.annotations.summary;
    const suffix = resolved ? lasted(item, ' · ') : '';
    lines.push(`• ${own}${ownSummary ? `: ${text(ownSummary)}` : ''}${suffix}`);
  }
  return lines.join('\n');
}

/**
 * One link for the whole group: the panel they all name (alerts of one rule do; otherwise none rather than
 * one alert's), in their environment (one per group, see groupKey), from an hour before the earliest start
 * until now, or until the latest end once resolved: the one builder, fed the group's span as one alert.
 */
function groupDashboardUrl(
  items: readonly QueuedAlert[],
  grafanaUrl: string | undefined,
): string | undefined {
  const alerts = items.map((item) => item.alert);
  const first = alerts[0] as QueuedAlert['alert'];
  return dashboardUrl(grafanaUrl, {
    status: first.status,
    labels: { env: first.labels.env },
    annotations: {
      dashboard_uid: shared(alerts.map((a) => a.annotations.dashboard_uid)),
      dashboard_panel_id: shared(alerts.map((a) => a.annotations.dashboard_panel_id)),
    },
    startsAt: new Date(Math.min(...items.map(startedAt))).toISOString(),
    endsAt: new Date(Math.max(...items.map(endedAt))).toISOString(),
  });
}

/** The value when every entry has the same one, else undefined. */
function shared(values: readonly (string | undefined)[]): string | undefined {
  const [first] = values;
  return first && values.every((v) => v === first) ? first : undefined;
}

/** The shown labels whose value every alert of the group has (also /alerts' blocks, bot/firing-alerts.ts). */
export function commonLabels(labelSets: readonly Record<string, string>[]): Record<string, string> {
  const [first = {}, ...rest] = labelSets;
  const common: Record<string, string> = {};
  for (const name of shownLabels(first)) {
    const value = first[name] as string;
    if (rest.every((labels) => labels[name] === value)) common[name] = value;
  }
  return common;
}
