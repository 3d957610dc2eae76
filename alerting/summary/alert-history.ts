/**
 * Per alert, how often and how long it fired in a window, from the points of a Prometheus range query
 * of ALERTS{alertstate="firing"}. Pure.
 *
 * The query is evaluated at window.start, + step, ... window.end; a point at t means "firing at t" and
 * stands for the step [t, t + step), so an alert firing all day counts exactly the window; the point at
 * window.end only says whether it is firing now (its step lies outside the window).
 * Prometheus writes a staleness marker when an alert resolves, so a resolved alert has no points;
 * a point whose value is not a number (NaN) is read as "not firing" too. An episode is a run of
 * consecutive points; a gap shorter than a step (resolved and fired again in between) is not seen,
 * which is why the step should not exceed the rule evaluation interval.
 */
import type { QueryWindow, RangeSeries } from '../../lib/prometheus/api';

export const SEVERITIES = ['critical', 'error', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Labels that say nothing about which thing is failing; shown elsewhere or only for routing. */
const NOT_DISTINGUISHING = new Set(['__name__', 'alertname', 'alertstate', 'severity', 'cooldown']);

// The window and a query_range matrix's series are the Prometheus client's (lib/prometheus/api.ts).
export type { QueryWindow, RangeSeries };

export interface AlertHistory {
  alertname: string;
  severity: Severity;
  /** What tells this alert's instances apart (job, instance, service, ...). */
  labels: Record<string, string>;
  /** Separate firing episodes in the window. */
  episodes: number;
  /** Total firing time in the window, a whole number of steps (each point counts its step). */
  firingSeconds: number;
  /** First and last firing points, seconds since the epoch. */
  firstFiringAt: number;
  lastFiringAt: number;
  /** Firing at the window's first point: it started earlier. */
  firingAtStart: boolean;
  /** Firing at the window's last point. */
  firingNow: boolean;
}

const isSeverity = (value: string | undefined): value is Severity =>
  (SEVERITIES as readonly string[]).includes(value ?? '');

export function alertHistory(series: readonly RangeSeries[], window: QueryWindow): AlertHistory[] {
  const { start, end, step } = window;
  // Half a step of tolerance wherever timestamps are compared: they are floats.
  const lastPoint = start + Math.round((end - start) / step) * step;
  const histories: AlertHistory[] = [];
  for (const { metric, values } of series) {
    const severity = metric.severity;
    if (!isSeverity(severity)) continue;
    const firing = values
      .filter(([, value]) => Number.isFinite(Number(value)))
      .map(([time]) => time)
      .filter((time) => time > start - step / 2 && time < lastPoint + step / 2)
      .sort((a, b) => a - b);
    const first = firing[0];
    const last = firing.at(-1);
    if (first === undefined || last === undefined) continue;
    const episodes = firing.filter(
      (time, i) => i === 0 || time - (firing[i - 1] as number) > step * 1.5,
    ).length;
    histories.push({
      alertname: metric.alertname ?? '(unnamed)',
      severity,
      labels: Object.fromEntries(
        Object.entries(metric)
          .filter(([name]) => !NOT_DISTINGUISHING.has(name))
          .sort(([a], [b]) => a.localeCompare(b)),
      ),
      episodes,
      firingSeconds: firing.filter((time) => time < lastPoint - step / 2).length * step,
      firstFiringAt: first,
      lastFiringAt: last,
      firingAtStart: first < start + step / 2,
      firingNow: last > lastPoint - step / 2,
    });
  }
  return histories.sort(byImportance);
}

/** Most severe first; then what is still firing, then the longest, then by name and labels. */
function byImportance(a: AlertHistory, b: AlertHistory): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    Number(b.firingNow) - Number(a.firingNow) ||
    b.firingSeconds - a.firingSeconds ||
    a.alertname.localeCompare(b.alertname) ||
    JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels))
  );
}
