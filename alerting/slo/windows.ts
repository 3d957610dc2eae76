/**
 * The multiwindow, multi-burn-rate alerts of the Google SRE workbook ("Alerting on SLOs", table 5-8),
 * as Sloth and Pyrra generate them for a 30-day window. A burn rate of 1 spends the budget in exactly
 * the window; 14.4 spends 2 % of it in an hour. Each alert needs the long window (enough budget spent)
 * and the short one (still spending now), so it resolves soon after the burn stops.
 */
import type { Duration, Severity } from '../rules/types';

export interface BurnWindow {
  long: Duration;
  short: Duration;
  /** Times the rate that would spend exactly the budget in the SLO's window. */
  factor: number;
}

export interface BurnAlert {
  /** Sloth's `sloth_severity`: `page` wakes someone, `ticket` is for working hours. */
  kind: 'page' | 'ticket';
  severity: Severity;
  cooldown: '1h' | '1d';
  /** Either pair of windows fires the alert. */
  windows: readonly [BurnWindow, BurnWindow];
}

export const burnAlerts: readonly BurnAlert[] = [
  {
    // 2 % of the budget in 1h, or 5 % in 6h: to Telegram (critical), reminded hourly while it burns.
    kind: 'page',
    severity: 'critical',
    cooldown: '1h',
    windows: [
      { long: '1h', short: '5m', factor: 14.4 },
      { long: '6h', short: '30m', factor: 6 },
    ],
  },
  {
    // 10 % of the budget in 1d, or 10 % in 3d: by e-mail (warning), reminded daily.
    kind: 'ticket',
    severity: 'warning',
    cooldown: '1d',
    windows: [
      { long: '1d', short: '2h', factor: 3 },
      { long: '3d', short: '6h', factor: 1 },
    ],
  },
];

/** Every window an error ratio is recorded for, shortest first; the SLO's own window is added to them. */
export const ratioWindows: readonly Duration[] = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/**
 * How each window's counts are made, cheapest first, so that a cycle reads every route's raw counters once
 * and over 5 minutes only (bench/slo.ts: with 100 routes, the raw windows were 90 % of a cycle):
 *
 * - 5m from the raw counters, recorded every minute;
 * - `tiled` windows as the sum of consecutive recorded counts, each `offset` one tile further back: the
 *   30-minute counts from six 5-minute ones, recorded too, and 1h, 2h and 6h from two, four and twelve of
 *   those. The rule group evaluates on a fixed grid, so the tiles meet end to end: the same events as the
 *   raw window, edges included (a full outage must page within 5 minutes), for one series read per tile;
 * - the ticket's 1d and 3d, and the SLO's window, as `sum_over_time` of the recorded 5-minute counts
 *   (README.md: traffic-weighted, edges smeared by up to 5 minutes, irrelevant at a day).
 */
export interface Tiling {
  tile: Duration;
  count: number;
}

/** The recorded tier above the 5-minute counts: 30 minutes, six 5-minute tiles. */
export const tier: { window: Duration } & Tiling = { window: '30m', tile: '5m', count: 6 };

export const tiledWindows: Partial<Record<Duration, Tiling>> = {
  '1h': { tile: '30m', count: 2 },
  '2h': { tile: '30m', count: 4 },
  '6h': { tile: '30m', count: 12 },
};

/** The cadence of the SLO rule groups: ample for windows of 5m and more, and 4x cheaper than 15s. */
export const evaluationInterval: Duration = '1m';
