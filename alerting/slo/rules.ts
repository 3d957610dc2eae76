/**
 * One SLO → one Prometheus rule group: the recorded event counts and error ratios, the budget and burn
 * rates, and the page and ticket alerts (Sloth's and Pyrra's output, with env kept; README.md compares).
 */
import { SLO_DASHBOARD_UID, sloPanelId } from '../../dashboards/slo-panels';
import { duration, ENV, seconds, selector } from '../rules/promql';
import type { AlertDefinition, Duration } from '../rules/types';
import { badEvents, orZero, sliEvents } from './sli';
import type { SloDefinition } from './types';
import {
  type BurnAlert,
  burnAlerts,
  evaluationInterval,
  ratioWindows,
  type Tiling,
  tier,
  tiledWindows,
} from './windows';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}

export interface SloRuleGroup {
  name: string;
  interval: Duration;
  recordings: RecordingRule[];
  alerts: AlertDefinition[];
}

/** The recorded series, Sloth's names where Sloth has one. */
export const series = {
  events5m: 'slo:sli_events:increase5m',
  goodEvents5m: 'slo:sli_good_events:increase5m',
  badEvents5m: 'slo:sli_bad_events:increase5m',
  events30m: 'slo:sli_events:increase30m',
  badEvents30m: 'slo:sli_bad_events:increase30m',
  errorRatio: (window: Duration) => `slo:sli_error:ratio_rate${window}`,
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  budgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

/** A number as a reader writes it: 1 - 0.995 is 0.005, not 0.0050000000000000044. */
export const literal = (n: number): string => String(Number(n.toPrecision(12)));

export const errorBudget = (slo: SloDefinition): number => Number((1 - slo.objective).toPrecision(12));

export const alertName = (slo: SloDefinition): string => `${slo.name}BudgetBurn`;

const percent = (ratio: number): string => `${literal(ratio * 100)} %`;

/** A recorded series of this SLO (every environment's). */
export const sloSeries = (slo: SloDefinition, name: string): string => selector(name, { slo: slo.id });

/**
 * `count` recorded counts end to end, the newest first: `x + (x offset 5m or 0 * x) + ...`. A tile from
 * before the series began counts 0 (`or`), so a young window holds what history there is, as a raw one.
 */
function tiles(recorded: string, { tile, count }: Tiling): string {
  const back = (i: number) => `(${recorded} offset ${duration(i * seconds(tile))} or 0 * ${recorded})`;
  return [recorded, ...Array.from({ length: count - 1 }, (_, i) => back(i + 1))].join('\n+ ');
}

function recordings(slo: SloDefinition, raw: readonly Duration[]): RecordingRule[] {
  const labels = { slo: slo.id, service: slo.service };
  const events = sliEvents(slo.sli);
  const rec = (record: string, expr: string): RecordingRule => ({ record, expr, labels: { ...labels } });
  const recorded = (name: string) => sloSeries(slo, name);
  // Long windows: the ratio of the summed 5-minute counts, traffic-weighted like the raw windows'.
  const summed = (window: Duration) =>
    `sum_over_time(${recorded(series.badEvents5m)}[${window}])\n/\n` +
    `sum_over_time(${recorded(series.events5m)}[${window}])`;
  // 0 events give 0/0 = NaN, which no comparison passes: no traffic is not an outage.
  const ratio = (window: Duration): string => {
    if (raw.includes(window)) return `(\n${badEvents(events, window)}\n)\n/\n${events.total(window)}`;
    if (window === '5m') return `${recorded(series.badEvents5m)}\n/\n${recorded(series.events5m)}`;
    if (window === tier.window) return `${recorded(series.badEvents30m)}\n/\n${recorded(series.events30m)}`;
    const tiling = tiledWindows[window];
    if (tiling === undefined) return summed(window);
    return `(\n${tiles(recorded(series.badEvents30m), tiling)}\n)\n/\n(\n${tiles(recorded(series.events30m), tiling)}\n)`;
  };
  const budget = literal(errorBudget(slo));
  const events5m = recorded(series.events5m);
  return [
    // The only reads of every route's counters: one window, once a minute, for all the windows.
    rec(series.events5m, events.total('5m')),
    rec(series.goodEvents5m, events.good('5m')),
    rec(series.badEvents5m, `${events5m} - ${orZero(recorded(series.goodEvents5m), events5m)}`),
    rec(series.events30m, tiles(events5m, tier)),
    rec(series.badEvents30m, tiles(recorded(series.badEvents5m), tier)),
    ...[...ratioWindows, slo.window].map((w) => rec(series.errorRatio(w), ratio(w))),
    rec(series.currentBurnRate, `${recorded(series.errorRatio('5m'))} / ${budget}`),
    rec(series.periodBurnRate, `${recorded(series.errorRatio(slo.window))} / ${budget}`),
    rec(series.budgetRemaining, `1 - ${recorded(series.errorRatio(slo.window))} / ${budget}`),
  ];
}

function burnAlert(slo: SloDefinition, alert: BurnAlert): AlertDefinition {
  const budget = literal(errorBudget(slo));
  const burning = (w: Duration, factor: number) =>
    `${sloSeries(slo, series.errorRatio(w))} / ${budget} > ${literal(factor)}`;
  const expr = alert.windows
    .map(({ long, short, factor }) => `(\n  ${burning(long, factor)}\nand\n  ${burning(short, factor)}\n)`)
    .join('\nor\n');
  const rule = alert.windows.map((w) => `${literal(w.factor)}x over ${w.long} and ${w.short}`).join(', or ');
  // What the long window has spent when it trips: 14.4 x 1h / 30d = 2 %.
  const spent = alert.windows
    .map((w) => percent((w.factor * seconds(w.long)) / seconds(slo.window)))
    .join(' / ');
  return {
    alert: alertName(slo),
    expr,
    for: '0s',
    severity: alert.severity,
    cooldown: alert.cooldown,
    labels: { service: slo.service },
    dashboard: { uid: SLO_DASHBOARD_UID, panelId: sloPanelId(slo.id, 'burnRate') },
    summary: `${slo.title} is burning its error budget${alert.kind === 'page' ? ' fast' : ''}`,
    description:
      `${slo.title}: ${slo.description} The ${percent(slo.objective)} objective over ${slo.window} allows ${percent(errorBudget(slo))} bad events; ` +
      `in {{ $labels.${ENV} }} they are being spent {{ $value | printf "%.1f" }} times as fast as that ` +
      `(${alert.kind}: ${rule}; ${spent} of the budget).`,
  };
}

/** `raw`: windows read from the raw counters instead (bench/slo.ts passes every window: the naive form). */
export function sloRuleGroup(slo: SloDefinition, raw: readonly Duration[] = []): SloRuleGroup {
  return {
    name: `slo-${slo.id}`,
    interval: evaluationInterval,
    recordings: recordings(slo, raw),
    alerts: burnAlerts.map((alert) => burnAlert(slo, alert)),
  };
}
