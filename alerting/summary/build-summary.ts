/**
 * The daily summary's content: every warning, error and critical alert that fired in the 24 hours
 * before `now`, from Prometheus's ALERTS series (which Prometheus records itself for every alerting
 * rule, so no other store of alert history is needed).
 */

import { type QueryOptions, queryRange } from '../../lib/prometheus/api';
import {
  type AlertHistory,
  alertHistory,
  type QueryWindow,
  SEVERITIES,
  type Severity,
} from './alert-history';

export const WINDOW_SECONDS = 24 * 3600;

export const ALERTS_QUERY = `ALERTS{alertstate="firing", severity=~"${SEVERITIES.join('|')}"}`;

export interface DailySummary {
  window: QueryWindow;
  /** Most severe first. */
  alerts: AlertHistory[];
  /** How many distinct alerts (name and labels) fired, per severity. */
  counts: Record<Severity, number>;
}

/** The window ends at `now` rounded down to a whole step, so reruns in the same step agree. */
export function summaryWindow(nowMs: number, step: number): QueryWindow {
  const end = Math.floor(nowMs / 1000 / step) * step;
  return { start: end - WINDOW_SECONDS, end, step };
}

export function countBySeverity(alerts: readonly AlertHistory[]): Record<Severity, number> {
  const counts = { critical: 0, error: 0, warning: 0 };
  for (const alert of alerts) counts[alert.severity]++;
  return counts;
}

export async function buildSummary(window: QueryWindow, options: QueryOptions): Promise<DailySummary> {
  const alerts = alertHistory(await queryRange(ALERTS_QUERY, window, options), window);
  return { window, alerts, counts: countBySeverity(alerts) };
}
