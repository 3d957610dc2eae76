/**
 * What the status page knows, in two shapes: the snapshot collected from Prometheus (collect.ts) and
 * `StatusJson`, the public answer of GET /status.json that the admin app reads (render/json.ts).
 * Times in the snapshot are seconds since the epoch, as Prometheus gives them.
 */

export type MonitorState = 'up' | 'down' | 'unknown';

export interface DayUptime {
  /** The day in the page's time zone, YYYY-MM-DD. */
  date: string;
  /** Share of successful probes that day, 0..1; null: no probe recorded. */
  share: number | null;
}

export interface ResponseTimePoint {
  at: number;
  seconds: number;
}

export interface MonitorStatus {
  name: string;
  friendlyName: string;
  url: string;
  /** The last probe's result; unknown when Prometheus holds no recent probe. */
  state: MonitorState;
  /** 90 days, oldest first; the last is today, so far. */
  days: DayUptime[];
  /** Response times of the last 24 hours, 15-minute averages, oldest first. */
  responseTimes: ResponseTimePoint[];
  /** When the served certificate chain expires; null: not probed over TLS. */
  tlsExpiresAt: number | null;
}

export interface Incident {
  /** ServiceDown, WebsiteDown or SslCertificateExpiry. */
  alertname: string;
  monitor: string;
  startedAt: number;
  /** null: still firing. */
  endedAt: number | null;
}

export interface Snapshot {
  /** When Prometheus answered, seconds since the epoch. */
  collectedAt: number;
  monitors: MonitorStatus[];
  /** Newest first. */
  incidents: Incident[];
}

export type OverallState = 'operational' | 'partial_outage' | 'major_outage' | 'unknown';

/** GET /status.json. Times are ISO 8601 (UTC); durations in seconds. */
export interface StatusJson {
  foundation: string;
  /** The zone the page shows times and days in (Asia/Jakarta). */
  timeZone: string;
  generatedAt: string;
  /** When the data was read from Prometheus; null before the first answer. */
  dataAsOf: string | null;
  dataAgeSeconds: number | null;
  /** Prometheus did not answer the last refresh: the data is the last known. */
  stale: boolean;
  overall: OverallState;
  monitors: {
    name: string;
    friendlyName: string;
    url: string;
    state: MonitorState;
    /** Share of successful probes over the days with data, 0..1; null: no data. */
    uptime90d: number | null;
    days: { date: string; uptime: number | null }[];
    responseTimesMs: { at: string; ms: number }[];
    tlsExpiresAt: string | null;
    tlsDaysLeft: number | null;
  }[];
  incidents: {
    alertname: string;
    monitor: string;
    friendlyName: string;
    startedAt: string;
    endedAt: string | null;
    durationSeconds: number;
    ongoing: boolean;
  }[];
}
