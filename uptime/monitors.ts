/**
 * The external uptime monitors of spec section 5 (and the alerting pipeline's), declared once. They drive the blackbox probes in
 * prometheus/prometheus.<env>.yml (every minute, for the alert rules) and the UptimeRobot monitors
 * (`npm run uptime:sync`, at the spec's intervals, alerting on their own channels).
 */

/** Where UptimeRobot alerts (spec section 5, "Alert" column). */
export type AlertChannel = 'telegram' | 'email';

export interface UptimeMonitor {
  /** Stable id: the `monitor` label of the probe series, which the alert rules and inhibitions match. */
  name: string;
  /** The spec's monitor name, UptimeRobot's friendly name. */
  friendlyName: string;
  url: string;
  /** UptimeRobot's check interval (the spec's), in seconds. */
  intervalSeconds: number;
  alertChannels: readonly AlertChannel[];
  /**
   * What the monitor watches, as the alerts of that service name it (its scrape job, or the exporter's
   * dependency name), so an inhibition can compare the two.
   */
  service: string;
}

const minutes = (n: number) => n * 60;

export const monitors = {
  apiHealth: {
    name: 'api-health',
    friendlyName: 'API Health',
    url: 'https://api.clicky.or.id/health',
    intervalSeconds: minutes(5),
    alertChannels: ['telegram', 'email'],
    service: 'clicky-api',
  },
  apiReady: {
    name: 'api-ready',
    friendlyName: 'API Ready',
    url: 'https://api.clicky.or.id/health/ready',
    intervalSeconds: minutes(5),
    alertChannels: ['telegram'],
    service: 'clicky-api',
  },
  website: {
    name: 'website',
    friendlyName: 'Website',
    url: 'https://www.sahabatkhairat.or.id',
    intervalSeconds: minutes(5),
    alertChannels: ['email'],
    service: 'website',
  },
  minioConsole: {
    name: 'minio-console',
    friendlyName: 'MinIO Console',
    url: 'https://storage.clicky.or.id/minio/health/live',
    intervalSeconds: minutes(15),
    alertChannels: ['telegram'],
    service: 'minio',
  },
  /**
   * Not in the spec's table: the dead man's switch seen from outside (issue 10). 200 while the
   * relay keeps receiving Alertmanager's Watchdog, 503 once the pipeline is silent, no answer when
   * the host is down: the one failure nothing on the host can report. The reverse proxy publishes
   * only this path of the relay (alerting/relay/README.md).
   */
  relayPipeline: {
    name: 'relay-pipeline',
    friendlyName: 'Alerting Pipeline',
    url: 'https://relay.clicky.or.id/health/pipeline',
    intervalSeconds: minutes(5),
    alertChannels: ['telegram', 'email'],
    service: 'clicky-relay',
  },
} as const satisfies Record<string, UptimeMonitor>;

export type MonitorKey = keyof typeof monitors;

/** In declaration order. */
export const allMonitors: readonly UptimeMonitor[] = Object.values(monitors);
