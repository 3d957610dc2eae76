/**
 * The SLOs' rule groups: valid for promtool, every series per environment, the windows and burn factors
 * of the SRE workbook (and Sloth), and the no-traffic case guarded in every ratio.
 */

import { SLO_RULE_FILE } from '../../../alerting/generate-rules';
import { seconds } from '../../../alerting/rules/promql';
import { sloRuleGroups, slos } from '../../../alerting/slo';
import { alertName, errorBudget, series } from '../../../alerting/slo/rules';
import {
  burnAlerts,
  evaluationInterval,
  ratioWindows,
  tier,
  tiledWindows,
} from '../../../alerting/slo/windows';
import { runTool } from '../tools';

const recordings = sloRuleGroups.flatMap((g) => g.recordings);
const rulesPerSlo = sloRuleGroups[0]
  ? sloRuleGroups[0].recordings.length + sloRuleGroups[0].alerts.length
  : 0;

it('promtool check rules accepts the SLO rule file: every SLO, the same rules each', () => {
  const result = runTool('promtool', ['check', 'rules', SLO_RULE_FILE]);
  expect(result).toMatchObject({ status: 0 });
  expect(result.output).toContain(`SUCCESS: ${slos.length * rulesPerSlo} rules found`);
  for (const group of sloRuleGroups) {
    expect(group.recordings.length + group.alerts.length).toBe(rulesPerSlo);
  }
});

it('records the error ratio over 5m, 30m, 1h, 2h, 6h, 1d, 3d and the 30-day window, per SLO', () => {
  for (const group of sloRuleGroups) {
    const ratios = group.recordings.map((r) => r.record).filter((name) => name.startsWith('slo:sli_error:'));
    expect(ratios).toEqual([...ratioWindows, '30d' as const].map((w) => series.errorRatio(w)));
    expect(group.recordings.map((r) => r.record)).toEqual(
      expect.arrayContaining([series.budgetRemaining, series.currentBurnRate, series.periodBurnRate]),
    );
  }
});

it('tiles meet end to end: each a whole number of evaluations, each tiled window tile x count', () => {
  const tilings = [[tier.window, tier] as const, ...Object.entries(tiledWindows)];
  for (const [window, tiling] of tilings) {
    if (tiling === undefined) throw new Error(`${window}: no tiling`);
    expect(seconds(tiling.tile) % seconds(evaluationInterval)).toBe(0);
    expect(seconds(tiling.tile) * tiling.count).toBe(seconds(window as typeof tier.window));
    expect(ratioWindows).toContain(window);
  }
  // The tiled windows are made of the recorded tier.
  expect(Object.values(tiledWindows).map((t) => t?.tile)).toEqual(
    Object.keys(tiledWindows).map(() => tier.window),
  );
});

it.each(recordings.map((r) => [`${r.labels.slo} ${r.record}`, r] as const))(
  '%s keeps env: every aggregation is by (env)',
  (_name, rule) => {
    const groupings = [...rule.expr.matchAll(/\b(?:by|without) \(([^)]*)\)/g)].map((m) => m[0]);
    expect(groupings.filter((g) => g !== 'by (env)')).toEqual([]);
    expect(rule.expr).not.toMatch(/\b(?:sum|count|max|min|avg)\((?!.*\bby\b)/);
  },
);

it('pages at 14.4x over 1h and 5m or 6x over 6h and 30m, tickets at 3x over 1d and 2h or 1x over 3d and 6h', () => {
  const shape = burnAlerts.map((a) => [
    a.kind,
    a.severity,
    a.windows.map((w) => [w.factor, w.long, w.short]),
  ]);
  expect(shape).toEqual([
    [
      'page',
      'critical',
      [
        [14.4, '1h', '5m'],
        [6, '6h', '30m'],
      ],
    ],
    [
      'ticket',
      'warning',
      [
        [3, '1d', '2h'],
        [1, '3d', '6h'],
      ],
    ],
  ]);
  for (const [slo, group] of slos.map((s, i) => [s, sloRuleGroups[i]] as const)) {
    expect(group?.alerts.map((a) => [a.alert, a.severity])).toEqual([
      [alertName(slo), 'critical'],
      [alertName(slo), 'warning'],
    ]);
    expect(group?.alerts[0]?.expr).toContain(
      `${series.errorRatio('1h')}{slo="${slo.id}"} / ${errorBudget(slo)} > 14.4`,
    );
  }
});
