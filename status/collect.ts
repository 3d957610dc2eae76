/**
 * One reading of Prometheus for the page: per monitor its last probe, 90 daily shares of successful
 * probes, 24 hours of response times and its certificate's expiry, and the uptime alerts' episodes.
 * Called by the cache (cache.ts) in the background, never for a request.
 */
import { type QueryOptions, queryInstant, queryRange, type RangeSeries } from '../lib/prometheus/api';
import type { UptimeMonitor } from '../uptime/monitors';
import { DAY_SECONDS, lastDays, localDate } from './days';
import { INCIDENT_ALERTS, incidentsFrom } from './incidents';
import type { MonitorState, MonitorStatus, Snapshot } from './model';

export const DAYS = 90;
const SPARKLINE_SECONDS = DAY_SECONDS;
const SPARKLINE_STEP = 900;
/** Incident start and end are read to the minute. */
const INCIDENT_STEP = 60;
/** Prometheus answers at most 11,000 points per series: longer windows are read in chunks. */
const MAX_POINTS = 10_000;

export interface CollectOptions {
  monitors: readonly UptimeMonitor[];
  /** The `env` label of the probes and alerts (APP_ENV). */
  env: string;
  /** The blackbox scrape job. */
  job: string;
  timeZone: string;
  prometheus: QueryOptions;
  /** Seconds since the epoch. */
  now: number;
}

const quote = (value: string) => JSON.stringify(value);

function byMonitor(series: readonly RangeSeries[]): Map<string, RangeSeries['values']> {
  return new Map(series.map((s) => [s.metric.monitor ?? '', s.values]));
}

export async function collect(options: CollectOptions): Promise<Snapshot> {
  const { monitors, env, job, timeZone, prometheus, now } = options;
  const names = monitors.map((m) => m.name).join('|');
  const probes = (metric: string) =>
    `${metric}{job=${quote(job)}, env=${quote(env)}, monitor=~${quote(names)}}`;

  // Each day's share is read at the day's end, over the day before it: today's end is in the future,
  // which Prometheus evaluates over the samples it has.
  const dayStarts = lastDays(now, DAYS, timeZone);
  const firstEnd = (dayStarts[0] as number) + DAY_SECONDS;
  const [last, daily, durations, expiries, incidentSeries] = await Promise.all([
    queryInstant(`max by (monitor) (${probes('probe_success')})`, prometheus),
    queryRange(
      `avg by (monitor) (avg_over_time(${probes('probe_success')}[1d]))`,
      { start: firstEnd, end: firstEnd + (DAYS - 1) * DAY_SECONDS, step: DAY_SECONDS },
      prometheus,
    ),
    queryRange(
      `avg by (monitor) (avg_over_time(${probes('probe_duration_seconds')}[15m]))`,
      { start: now - SPARKLINE_SECONDS, end: now, step: SPARKLINE_STEP },
      prometheus,
    ),
    queryInstant(`min by (monitor) (${probes('probe_ssl_last_chain_expiry_timestamp_seconds')})`, prometheus),
    incidentHistory(options),
  ]);

  const lastByMonitor = new Map(last.map((s) => [s.metric.monitor ?? '', s.value]));
  const dailyByMonitor = byMonitor(daily);
  const durationsByMonitor = byMonitor(durations);
  const expiryByMonitor = new Map(expiries.map((s) => [s.metric.monitor ?? '', s.value]));

  const statuses: MonitorStatus[] = monitors.map((monitor) => {
    const success = lastByMonitor.get(monitor.name);
    const state: MonitorState = success === undefined ? 'unknown' : success >= 1 ? 'up' : 'down';
    const shares = new Map(
      (dailyByMonitor.get(monitor.name) ?? []).map(([t, v]) => [Math.round(t), Number(v)]),
    );
    const expiry = expiryByMonitor.get(monitor.name);
    return {
      name: monitor.name,
      friendlyName: monitor.friendlyName,
      url: monitor.url,
      state,
      days: dayStarts.map((start) => {
        const share = shares.get(start + DAY_SECONDS);
        return {
          date: localDate(start, timeZone),
          share: share !== undefined && Number.isFinite(share) ? share : null,
        };
      }),
      responseTimes: (durationsByMonitor.get(monitor.name) ?? [])
        .map(([at, v]) => ({ at, seconds: Number(v) }))
        .filter((p) => Number.isFinite(p.seconds)),
      tlsExpiresAt: expiry !== undefined && Number.isFinite(expiry) ? expiry : null,
    };
  });
  const known = new Set(monitors.map((m) => m.name));
  return {
    collectedAt: now,
    monitors: statuses,
    incidents: incidentSeries.filter((i) => known.has(i.monitor)),
  };
}

/** The uptime alerts' episodes over the 90 days, read in chunks Prometheus accepts. */
async function incidentHistory(options: CollectOptions) {
  const { env, prometheus, now } = options;
  const selector = `ALERTS{alertstate="firing", env=${quote(env)}, alertname=~${quote(INCIDENT_ALERTS.join('|'))}}`;
  // A grid of whole minutes, so an incident keeps its start (and its feed entry its id) from one
  // refresh to the next; an alert that fired in the last minute shows at the next refresh.
  const end = Math.floor(now / INCIDENT_STEP) * INCIDENT_STEP;
  const start = end - DAYS * DAY_SECONDS;
  const series: RangeSeries[] = [];
  for (let from = start; from <= end; from += MAX_POINTS * INCIDENT_STEP) {
    const to = Math.min(end, from + (MAX_POINTS - 1) * INCIDENT_STEP);
    series.push(...(await queryRange(selector, { start: from, end: to, step: INCIDENT_STEP }, prometheus)));
  }
  return incidentsFrom(series, { end, step: INCIDENT_STEP });
}
