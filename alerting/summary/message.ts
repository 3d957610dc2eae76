/**
 * The summary email: subject and plain-text body (the HTML body is ./html.ts). Pure.
 *
 * A summary is sent every day, also when nothing fired ("No alerts in the past 24 hours") and when
 * Prometheus could not be read (saying so): a day without the email then always means the summary
 * service or the mail relay is broken, never a quiet day.
 */
import type { DailySummary } from './build-summary';
import {
  alertFacts,
  environmentLine,
  formatCounts,
  formatDate,
  formatDuration,
  formatPeriod,
  isProduction,
} from './format';
import { summaryHtml, unavailableHtml } from './html';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export const SUBJECT_PREFIX = '[Clicky] Daily alert summary';

/**
 * The summary reports on the Prometheus of its own environment (APP_ENV): one that is not
 * production says so in the subject ("[Clicky staging] Daily alert summary …") and on the body's
 * first line, so a staging summary is never read as production's. Production's stays as it was.
 */
const subjectPrefix = (env: string | undefined) =>
  isProduction(env) ? SUBJECT_PREFIX : SUBJECT_PREFIX.replace('[Clicky]', `[Clicky ${env}]`);

export function summaryMessage(
  summary: DailySummary,
  timeZone: string,
  env?: string,
  grafanaUrl?: string,
): MailContent {
  const { window, alerts, counts } = summary;
  const date = formatDate(window.end, timeZone);
  const subject = `${subjectPrefix(env)} ${date}: ${alerts.length ? formatCounts(counts) : 'no alerts'}`;
  const lines: string[] = [...environmentLine(env)];
  if (alerts.length === 0) {
    lines.push(`No alerts in the past 24 hours (${formatPeriod(window, timeZone)}).`);
  } else {
    lines.push(`Alerts that fired from ${formatPeriod(window, timeZone)}: ${formatCounts(counts)}.`);
    for (const severity of ['critical', 'error', 'warning'] as const) {
      const ofSeverity = alerts.filter((a) => a.severity === severity);
      if (ofSeverity.length === 0) continue;
      lines.push('', `${severity.toUpperCase()} (${ofSeverity.length})`);
      for (const alert of ofSeverity) {
        const f = alertFacts(alert, timeZone, { env, grafanaUrl });
        const from = f.first ? `first at ${f.first}` : 'already firing at the start';
        const to = f.last ? `last at ${f.last}` : 'still firing';
        lines.push(`- ${f.name}: fired ${f.fired}, ${f.total} in total, ${from}, ${to}`);
        if (f.dashboard) lines.push(`  📊 dashboard: ${f.dashboard}`);
      }
    }
    lines.push(
      '',
      `Times are counted in steps of ${formatDuration(window.step)} (the rule evaluation interval).`,
    );
  }
  lines.push('', 'This summary is sent every day, also when nothing fired.');
  return { subject, text: `${lines.join('\n')}\n`, html: summaryHtml(summary, timeZone, env, grafanaUrl) };
}

/** Sent instead of a summary when the alert history cannot be read. */
export function unavailableMessage(
  window: { start: number; end: number },
  reason: string,
  timeZone: string,
  env?: string,
): MailContent {
  const subject = `${subjectPrefix(env)} ${formatDate(window.end, timeZone)}: unavailable, Prometheus could not be read`;
  const text =
    environmentLine(env)
      .map((line) => `${line}\n`)
      .join('') +
    `The alert history for ${formatPeriod(window, timeZone)} could not be read from Prometheus: ${reason}\n\n` +
    'Check Prometheus and the summary service; alerts are still delivered to Telegram and email as they fire.\n';
  return { subject, text, html: unavailableHtml(text) };
}
