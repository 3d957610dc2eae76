/**
 * One cause, one message: while a source alert fires, the target alerts it explains stay quiet.
 * Alert names are checked against the rules when the config is built.
 */
import { jobs, monitors } from '../rules/metrics';
import { ENV } from '../rules/promql';

export interface Inhibition {
  /** Why the target adds nothing while the source fires. */
  why: string;
  sources: string[];
  targets: string[];
  /** Extra target matchers, beyond the alert names. */
  targetLabels?: Record<string, string>;
  /** Labels that must be equal on both; always `env`: one environment's cause explains nothing in another. */
  equal: string[];
}

export const inhibitions: Inhibition[] = [
  {
    why: 'A disk above 95 % is above 85 % too: the critical alert already says it.',
    sources: ['DiskSpaceCritical'],
    targets: ['DiskSpaceLow'],
    equal: [ENV, 'instance', 'mountpoint'],
  },
  {
    why: 'A service that fails its health checks also errs and stalls; its ServiceDown says so first.',
    sources: ['ServiceDown'],
    targets: ['HighErrorRate', 'SlowResponse'],
    equal: [ENV, 'service'],
  },
  {
    why:
      'Every API request touches PostgreSQL and Redis: while one is down, the API errors and latency are ' +
      'its symptoms (and the cause alert fires first: 1m for, as HighErrorRate).',
    sources: ['DatabaseDown', 'RedisDown'],
    targets: ['HighErrorRate', 'SlowResponse'],
    targetLabels: { service: jobs.api },
    equal: [ENV],
  },
  {
    why:
      '/health/ready checks PostgreSQL and Redis, so it fails with them; /health (liveness) does not, ' +
      'so api-health still alerts: the API process being down too is a second problem.',
    sources: ['DatabaseDown', 'RedisDown'],
    targets: ['ServiceDown'],
    targetLabels: { monitor: monitors.apiReady.name },
    equal: [ENV],
  },
  {
    why:
      'ExporterDown, RelayDown and PushgatewayDown say what their job being down blinds or breaks; the ' +
      'generic TargetDown of the same job adds nothing.',
    sources: ['ExporterDown', 'RelayDown', 'PushgatewayDown'],
    targets: ['TargetDown'],
    equal: [ENV, 'job'],
  },
  {
    why:
      'A relay that is down fails every webhook notification: RelayDown is the cause (and is mailed too). ' +
      'A failing email integration is not its doing and still alerts.',
    sources: ['RelayDown'],
    targets: ['AlertmanagerNotificationsFailing'],
    targetLabels: { integration: 'webhook' },
    equal: [ENV],
  },
];
