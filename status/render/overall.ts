/** The overall state of the banner and of /status.json, and the words for each state. */
import type { MonitorState, MonitorStatus, OverallState } from '../model';

export function overallState(monitors: readonly Pick<MonitorStatus, 'state'>[]): OverallState {
  const down = monitors.filter((m) => m.state === 'down').length;
  if (monitors.length > 0 && down === monitors.length) return 'major_outage';
  if (down > 0) return 'partial_outage';
  if (monitors.length === 0 || monitors.some((m) => m.state === 'unknown')) return 'unknown';
  return 'operational';
}

export const OVERALL_TEXT: Record<OverallState, string> = {
  operational: 'All systems operational',
  partial_outage: 'Some services are down',
  major_outage: 'All services are down',
  unknown: 'Some services have no recent data',
};

export const STATE_TEXT: Record<MonitorState, string> = {
  up: 'Operational',
  down: 'Down',
  unknown: 'No data',
};

export const ALERT_TEXT: Record<string, string> = {
  ServiceDown: 'Outage',
  WebsiteDown: 'Outage',
  SslCertificateExpiry: 'TLS certificate expiring soon',
};

/** Whole days from `now` until `at`, rounded down (0 on its last day, negative once expired). */
export const daysUntil = (at: number, now: number) => Math.floor((at - now) / 86_400);
