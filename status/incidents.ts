/**
 * Incidents from the uptime alerts' history: the episodes of ALERTS{alertstate="firing"} in the points
 * of range queries. A point at t means "firing at t"; Prometheus writes a staleness marker when an
 * alert resolves, so a resolved alert has no points after it. An episode is a run of points no more
 * than a step and a half apart; it ended between its last point and the next step (read as the
 * next step), or is ongoing when its last point is the query's last.
 */
import type { RangeSeries } from '../lib/prometheus/api';
import type { Incident } from './model';

/** The alerts whose history makes the incidents (alerting/rules/availability.ts and tls.ts). */
export const INCIDENT_ALERTS = ['ServiceDown', 'WebsiteDown', 'SslCertificateExpiry'] as const;

export interface IncidentWindow {
  /** The last point of the queries, seconds since the epoch. */
  end: number;
  step: number;
}

export function incidentsFrom(series: readonly RangeSeries[], window: IncidentWindow): Incident[] {
  const { end, step } = window;
  // The same alert instance may come in several series (one per chunked query): join its points.
  const points = new Map<string, { alertname: string; monitor: string; times: number[] }>();
  for (const { metric, values } of series) {
    const alertname = metric.alertname ?? '';
    const monitor = metric.monitor ?? '';
    const key = JSON.stringify([alertname, monitor, metric.instance ?? '']);
    const entry = points.get(key) ?? { alertname, monitor, times: [] };
    for (const [time, value] of values) if (Number.isFinite(Number(value))) entry.times.push(time);
    points.set(key, entry);
  }
  const incidents: Incident[] = [];
  for (const { alertname, monitor, times } of points.values()) {
    const sorted = [...new Set(times)].sort((a, b) => a - b);
    let start: number | undefined;
    sorted.forEach((time, i) => {
      start ??= time;
      const next = sorted[i + 1];
      if (next !== undefined && next - time <= step * 1.5) return;
      const ongoing = time > end - step / 2;
      incidents.push({ alertname, monitor, startedAt: start, endedAt: ongoing ? null : time + step });
      start = undefined;
    });
  }
  return incidents.sort((a, b) => b.startedAt - a.startedAt);
}
