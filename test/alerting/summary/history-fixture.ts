/**
 * A day of alerts ending at `end` (seconds, a multiple of the 15 s step), shared by the summary tests
 * that read it back from a real Prometheus: what was written, and what the summary must make of it.
 */
import type { AlertHistory } from '../../../alerting/summary/alert-history';
import type { AlertSeriesHistory } from '../../support/alerts-tsdb';

export const STEP = 15;
const H = 3600;

export const XSS_ROUTE = '/search?q=<script>alert("x")</script>&a=1';

export function dayOfAlerts(end: number): AlertSeriesHistory[] {
  const api = { job: 'clicky-api' };
  return [
    // Twice: 10m, then 5m15s.
    {
      labels: {
        alertname: 'ServiceDown',
        severity: 'critical',
        cooldown: '5m',
        instance: 'fastapi:8000',
        ...api,
      },
      episodes: [
        [end - 20 * H, end - 20 * H + 600],
        [end - 2 * H, end - 2 * H + 315],
      ],
    },
    // Since before the window, still firing.
    {
      labels: { alertname: 'DatabaseDown', severity: 'critical', service: 'db' },
      episodes: [[end - 30 * H, undefined]],
    },
    {
      labels: { alertname: 'HighErrorRate', severity: 'error', ...api },
      episodes: [[end - 5 * H, end - 4 * H]],
    },
    // Straddles the window's start: only the hour inside counts.
    {
      labels: { alertname: 'BackupFailed', severity: 'error', job: 'backup' },
      episodes: [[end - 24.5 * H, end - 23 * H]],
    },
    {
      labels: { alertname: 'SlowResponse', severity: 'warning', route: XSS_ROUTE, ...api },
      episodes: [[end - 3 * H, end - 3 * H + 45]],
    },
    {
      labels: { alertname: 'DiskSpaceLow', severity: 'warning', instance: 'node:9100', mountpoint: '/' },
      episodes: [[end - 600, undefined]],
    },
    // Not in the summary: info, pending, and before the window.
    { labels: { alertname: 'InfoOnly', severity: 'info' }, episodes: [[end - H, end - H + 60]] },
    {
      labels: { alertname: 'DiskSpaceCritical', severity: 'critical', alertstate: 'pending' },
      episodes: [[end - H, end - H + 60]],
    },
    { labels: { alertname: 'WpSyncFailed', severity: 'warning' }, episodes: [[end - 26 * H, end - 25 * H]] },
  ];
}

/** What alertHistory must return for dayOfAlerts(end) over the 24 h before `end`, most severe first. */
export function expectedHistory(end: number): AlertHistory[] {
  const start = end - 24 * H;
  const api = { job: 'clicky-api' };
  return [
    {
      alertname: 'DatabaseDown',
      severity: 'critical',
      labels: { service: 'db' },
      episodes: 1,
      firingSeconds: 24 * H,
      firstFiringAt: start,
      lastFiringAt: end,
      firingAtStart: true,
      firingNow: true,
    },
    {
      alertname: 'ServiceDown',
      severity: 'critical',
      labels: { instance: 'fastapi:8000', ...api },
      episodes: 2,
      firingSeconds: 915,
      firstFiringAt: end - 20 * H,
      lastFiringAt: end - 2 * H + 300,
      firingAtStart: false,
      firingNow: false,
    },
    {
      alertname: 'BackupFailed',
      severity: 'error',
      labels: { job: 'backup' },
      episodes: 1,
      firingSeconds: H,
      firstFiringAt: start,
      lastFiringAt: end - 23 * H - STEP,
      firingAtStart: true,
      firingNow: false,
    },
    {
      alertname: 'HighErrorRate',
      severity: 'error',
      labels: api,
      episodes: 1,
      firingSeconds: H,
      firstFiringAt: end - 5 * H,
      lastFiringAt: end - 4 * H - STEP,
      firingAtStart: false,
      firingNow: false,
    },
    {
      alertname: 'DiskSpaceLow',
      severity: 'warning',
      labels: { instance: 'node:9100', mountpoint: '/' },
      episodes: 1,
      firingSeconds: 600,
      firstFiringAt: end - 600,
      lastFiringAt: end,
      firingAtStart: false,
      firingNow: true,
    },
    {
      alertname: 'SlowResponse',
      severity: 'warning',
      labels: { ...api, route: XSS_ROUTE },
      episodes: 1,
      firingSeconds: 45,
      firstFiringAt: end - 3 * H,
      lastFiringAt: end - 3 * H + 30,
      firingAtStart: false,
      firingNow: false,
    },
  ];
}
