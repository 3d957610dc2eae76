/** Every dashboard panel a rule links to exists in the generated dashboards (dashboards/generated/). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../alerting/rules';
import { prometheusRule } from '../../../alerting/rules/render';
import { root } from '../tools';

interface PanelJson {
  id?: number;
  type?: string;
  panels?: PanelJson[];
}

const dir = join(root, 'dashboards/generated');
const panelsByUid = new Map(
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const model = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        uid: string;
        panels?: PanelJson[];
      };
      const panels = (model.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
      return [model.uid, panels.filter((p) => p.type !== 'row').map((p) => p.id)] as const;
    }),
);
const linked = allRules.filter((rule) => rule.dashboard);

it('the SLO alerts link to their panel', () => {
  expect(linked.map((r) => r.alert)).toEqual(expect.arrayContaining(['ApiAvailabilityBudgetBurn']));
});

it.each(linked.map((rule) => [rule.alert, rule.severity, prometheusRule(rule).annotations] as const))(
  '%s (%s) links to a panel of a generated dashboard',
  (_alert, _severity, annotations) => {
    const uid = annotations.dashboard_uid ?? '';
    expect({ uid, known: panelsByUid.has(uid) }).toEqual({ uid, known: true });
    expect(panelsByUid.get(uid)).toContain(Number(annotations.dashboard_panel_id));
  },
);

it('is live: a panel id that is not there is found missing', () => {
  expect(panelsByUid.get('clicky-slo')).not.toContain(999);
});
