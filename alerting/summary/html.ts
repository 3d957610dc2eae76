/**
 * The summary's HTML body: one table, inline styles only (mail clients drop <style>). Every value
 * that comes from Prometheus (alert names, label values) is escaped: labels can hold anything a
 * scraped target chose to expose. Pure.
 */
import { SEVERITIES } from './alert-history';
import type { DailySummary } from './build-summary';
import { alertFacts, environmentLine, formatCounts, formatDuration, formatPeriod } from './format';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const COLOURS = { critical: '#b71c1c', error: '#e65100', warning: '#f9a825' } as const;
const CELL = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left"';

const page = (body: string) =>
  `<!DOCTYPE html><html><body style="font-family:sans-serif;font-size:14px;color:#222">${body}</body></html>\n`;

const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;

export function summaryHtml(
  { window, alerts, counts }: DailySummary,
  timeZone: string,
  env?: string,
  grafanaUrl?: string,
): string {
  const period = formatPeriod(window, timeZone);
  const environment = environmentLine(env)
    .filter(Boolean)
    .map((line) => `<p><strong>${escapeHtml(line)}</strong></p>`)
    .join('');
  const footer = paragraph('This summary is sent every day, also when nothing fired.');
  if (alerts.length === 0)
    return page(environment + paragraph(`No alerts in the past 24 hours (${period}).`) + footer);

  const header = ['Severity', 'Alert', 'Fired', 'In total', 'First', 'Last'];
  const rows = SEVERITIES.flatMap((severity) =>
    alerts
      .filter((alert) => alert.severity === severity)
      .map((alert) => {
        const f = alertFacts(alert, timeZone, { env, grafanaUrl });
        const link = f.dashboard ? ` <a href="${escapeHtml(f.dashboard)}">📊 dashboard</a>` : '';
        const cells = [
          `<strong style="color:${COLOURS[severity]}">${severity.toUpperCase()}</strong>`,
          escapeHtml(f.name) + link,
          escapeHtml(f.fired),
          escapeHtml(f.total),
          escapeHtml(f.first ?? 'already firing'),
          f.last ? escapeHtml(f.last) : '<strong>still firing</strong>',
        ];
        return `<tr>${cells.map((cell) => `<td ${CELL}>${cell}</td>`).join('')}</tr>`;
      }),
  );
  const table =
    '<table style="border-collapse:collapse">' +
    `<tr>${header.map((h) => `<th ${CELL}>${h}</th>`).join('')}</tr>${rows.join('')}</table>`;
  const note = paragraph(
    `Times are counted in steps of ${formatDuration(window.step)} (the rule evaluation interval).`,
  );
  return page(
    environment +
      paragraph(`Alerts that fired from ${period}: ${formatCounts(counts)}.`) +
      table +
      note +
      footer,
  );
}

/** The "Prometheus could not be read" notice, from its plain text. */
export function unavailableHtml(text: string): string {
  return page(
    text
      .trim()
      .split('\n\n')
      .map((block) => paragraph(block))
      .join(''),
  );
}
