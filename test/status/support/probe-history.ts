/**
 * 89 days of probe history before today, made into TSDB blocks, so the live stack's Prometheus
 * starts with bars of every colour and past incidents, not only today's. promtool cuts a block per
 * 2 hours with samples, and a thousand blocks take Prometheus minutes to open on a loaded machine:
 * so each day's probes are summarised as one sample at local noon holding the day's share of
 * successful probes (what the page's avg_over_time reads back), and the alert that fired for each
 * outage is written as the rule manager would have, every minute (alerts-tsdb.ts).
 */
import { DAY_SECONDS } from '../../../status/days';
import { type AlertsTsdb, alertsOpenMetrics, createTsdbFromOpenMetrics } from '../../support/alerts-tsdb';

export interface MonitorHistory {
  monitor: string;
  instance: string;
  alertname: string;
  severity: string;
  /** [from, to) in seconds: every probe in it failed. */
  outages: [number, number][];
}

const overlap = ([a, b]: [number, number], from: number, to: number) =>
  Math.max(0, Math.min(b, to) - Math.max(a, from));

/** `from` and `until` are local midnights: the first day of history and today. */
export function createProbeHistory(
  monitors: MonitorHistory[],
  env: string,
  from: number,
  until: number,
): AlertsTsdb {
  const success = ['# TYPE probe_success gauge'];
  const duration = ['# TYPE probe_duration_seconds gauge'];
  for (const m of monitors) {
    const labels = `job="blackbox-http",env="${env}",monitor="${m.monitor}",instance="${m.instance}"`;
    for (let day = from, i = 0; day < until; day += DAY_SECONDS, i++) {
      const down = m.outages.reduce((sum, outage) => sum + overlap(outage, day, day + DAY_SECONDS), 0);
      const noon = day + DAY_SECONDS / 2;
      success.push(`probe_success{${labels}} ${(1 - down / DAY_SECONDS).toFixed(6)} ${noon}`);
      duration.push(
        `probe_duration_seconds{${labels}} ${(0.08 + 0.04 * Math.sin(i / 5)).toFixed(4)} ${noon}`,
      );
    }
  }
  const alerts = alertsOpenMetrics(
    monitors.map((m) => ({
      labels: { alertname: m.alertname, severity: m.severity, env, monitor: m.monitor, instance: m.instance },
      episodes: m.outages.map(([a, b]) => [a, b] as [number, number]),
    })),
    // Every minute, as the rules are evaluated: a point must find a sample within the 5-minute lookback.
    60,
    until,
  ).replace(/# EOF\n$/, '');
  return createTsdbFromOpenMetrics(`${success.join('\n')}\n${duration.join('\n')}\n${alerts}# EOF\n`);
}
