/** How the summary writes durations, times, labels and counts, the same in text and HTML. Pure. */
import { type AlertHistory, SEVERITIES, type Severity } from './alert-history';
import { historyDashboardUrl } from './dashboard-links';

/** What the lines need beyond the history: the environment and GRAFANA_URL (for the panel links). */
export interface LinkOptions {
  env?: string;
  grafanaUrl?: string;
}

/** 45s, 12m 30s, 3h 20m, 24h: to the second below an hour, to the minute above. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) {
    const rest = seconds % 60;
    return `${Math.floor(seconds / 60)}m${rest ? ` ${rest}s` : ''}`;
  }
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${Math.floor(seconds / 3600)}h${minutes ? ` ${minutes}m` : ''}`;
}

function parts(epochSeconds: number, timeZone: string): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return Object.fromEntries(format.formatToParts(epochSeconds * 1000).map((p) => [p.type, p.value]));
}

/** 2026-02-18, in `timeZone`. */
export function formatDate(epochSeconds: number, timeZone: string): string {
  const p = parts(epochSeconds, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 2026-02-18 08:00, in `timeZone`. */
export function formatTime(epochSeconds: number, timeZone: string): string {
  const p = parts(epochSeconds, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026-02-17 08:00 to 2026-02-18 08:00 Asia/Jakarta */
export function formatPeriod({ start, end }: { start: number; end: number }, timeZone: string): string {
  return `${formatTime(start, timeZone)} to ${formatTime(end, timeZone)} ${timeZone}`;
}

/** {instance="db:5432", job="clicky-exporter"}, or '' without labels. */
export function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
  return pairs.length ? `{${pairs.join(', ')}}` : '';
}

/** 3 critical, 1 error, 2 warning */
export function formatCounts(counts: Record<Severity, number>): string {
  return SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(', ');
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The facts of one alert's line, shared with the HTML table. */
export function alertFacts(alert: AlertHistory, timeZone: string, links: LinkOptions = {}) {
  return {
    name: [alert.alertname, formatLabels(alert.labels)].filter(Boolean).join(' '),
    fired: plural(alert.episodes, 'time'),
    total: formatDuration(alert.firingSeconds),
    /** undefined: already firing when the window started / still firing at its end. */
    first: alert.firingAtStart ? undefined : formatTime(alert.firstFiringAt, timeZone),
    last: alert.firingNow ? undefined : formatTime(alert.lastFiringAt, timeZone),
    /** The panel the rule names (./dashboard-links.ts); undefined without GRAFANA_URL or a panel. */
    dashboard: historyDashboardUrl(links.grafanaUrl, alert, links.env),
  };
}

/** Production, or not said (the summary's APP_ENV is always known when it runs). */
export const isProduction = (env: string | undefined): env is undefined | 'production' =>
  env === undefined || env === 'production';

/** "Environment: staging." as the body's first paragraph; nothing for production. */
export const environmentLine = (env: string | undefined): string[] =>
  isProduction(env) ? [] : [`Environment: ${env}.`, ''];
