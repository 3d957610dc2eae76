/**
 * The external uptime monitors of spec section 5, declared once (and the alerting pipeline's), with their URL in each environment.
 * They drive the blackbox probes in prometheus/prometheus.<env>.yml (every minute, for the alert
 * rules; each environment probes its own URLs) and the UptimeRobot monitors (`npm run uptime:sync`,
 * at the spec's intervals, alerting on their own channels; production's by default).
 */
import type { AppEnv } from '../lib/logging/levels';

/** Where UptimeRobot alerts (spec section 5, "Alert" column). */
export type AlertChannel = 'telegram' | 'email';

export interface UptimeMonitor {
  /** Stable id: the `monitor` label of the probe series, which the alert rules and inhibitions match. */
  name: string;
  /** The spec's monitor name, UptimeRobot's friendly name. */
  friendlyName: string;
  /** What is probed, in the environment the monitor was taken for (monitorsFor). */
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

/**
 * A monitor as declared: its URL per environment. Production's are the spec's URLs. Staging's follow
 * one naming, a `staging` label in front of the domain (`api.staging.clicky.or.id`,
 * `staging.sahabatkhairat.or.id`). Development's are the services' local default ports, what
 * `npm run stack` probes on a developer's machine (the API on 8000, the website on 8080, MinIO on 9000).
 */
export interface DeclaredMonitor extends Omit<UptimeMonitor, 'url'> {
  urls: Readonly<Record<AppEnv, string>>;
}

const minutes = (n: number) => n * 60;

export const monitors = {
  apiHealth: {
    name: 'api-health',
    friendlyName: 'API Health',
    urls: {
      production: 'https://api.clicky.or.id/health',
      staging: 'https://api.staging.clicky.or.id/health',
      development: 'http://127.0.0.1:8000/health',
    },
    intervalSeconds: minutes(5),
    alertChannels: ['telegram', 'email'],
    service: 'clicky-api',
  },
  apiReady: {
    name: 'api-ready',
    friendlyName: 'API Ready',
    urls: {
      production: 'https://api.clicky.or.id/health/ready',
      staging: 'https://api.staging.clicky.or.id/health/ready',
      development: 'http://127.0.0.1:8000/health/ready',
    },
    intervalSeconds: minutes(5),
    alertChannels: ['telegram'],
    service: 'clicky-api',
  },
  website: {
    name: 'website',
    friendlyName: 'Website',
    urls: {
      production: 'https://www.sahabatkhairat.or.id',
      staging: 'https://staging.sahabatkhairat.or.id',
      development: 'http://127.0.0.1:8080',
    },
    intervalSeconds: minutes(5),
    alertChannels: ['email'],
    service: 'website',
  },
  minioConsole: {
    name: 'minio-console',
    friendlyName: 'MinIO Console',
    urls: {
      production: 'https://storage.clicky.or.id/minio/health/live',
      staging: 'https://storage.staging.clicky.or.id/minio/health/live',
      development: 'http://127.0.0.1:9000/minio/health/live',
    },
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
    urls: {
      production: 'https://relay.clicky.or.id/health/pipeline',
      staging: 'https://relay.staging.clicky.or.id/health/pipeline',
      development: 'http://127.0.0.1:9471/health/pipeline',
    },
    intervalSeconds: minutes(5),
    alertChannels: ['telegram', 'email'],
    service: 'clicky-relay',
  },
} as const satisfies Record<string, DeclaredMonitor>;

export type MonitorKey = keyof typeof monitors;

/** Every monitor with its URL in `env`, in declaration order. */
export function monitorsFor(env: AppEnv): UptimeMonitor[] {
  return Object.values(monitors).map(({ urls, ...monitor }: DeclaredMonitor) => ({
    ...monitor,
    url: urls[env],
  }));
}

/** Production's monitors (the spec's URLs), in declaration order. */
export const allMonitors: readonly UptimeMonitor[] = monitorsFor('production');
