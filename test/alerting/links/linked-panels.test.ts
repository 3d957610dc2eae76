/** Every dashboard panel a rule links to exists in the generated dashboards (dashboards/generated/). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../alerting/rules';
import { NO_PANEL } from '../../../alerting/rules/panels';
import { prometheusRule } from '../../../alerting/rules/render';
import { PANELS } from '../../../dashboards/panel-ids';
import { root } from '../tools';

interface PanelJson {
  id?: number;
  type?: string;
  title?: string;
  panels?: PanelJson[];
}

const dir = join(root, 'dashboards/generated');
const models = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { uid: string; panels?: PanelJson[] });
/** A dashboard's panels, those inside collapsed rows included. */
const panelsOf = (model: { panels?: PanelJson[] } | undefined): PanelJson[] =>
  (model?.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
const panelsByUid = new Map(
  models.map(
    (model) =>
      [
        model.uid,
        panelsOf(model)
          .filter((p) => p.type !== 'row')
          .map((p) => p.id),
      ] as const,
  ),
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

it('every alert links to a panel, unless exempted with a reason', () => {
  const unlinked = allRules.filter((rule) => !rule.dashboard).map((rule) => rule.alert);
  expect(unlinked).toEqual(Object.keys(NO_PANEL));
  for (const reason of Object.values(NO_PANEL)) expect(reason).not.toBe('');
});

it.each(Object.entries(PANELS))(
  'the panel constant %s names the panel of that id and title',
  (_name, panel) => {
    const model = models.find((m) => m.uid === panel.uid);
    const found = (model?.panels ?? [])
      .flatMap((p) => [p, ...(p.panels ?? [])])
      .find((p) => p.id === panel.panelId);
    expect({ uid: panel.uid, id: panel.panelId, title: found?.title }).toEqual({
      uid: panel.uid,
      id: panel.panelId,
      title: panel.title,
    });
  },
);

it('is live: a panel id that is not there is found missing', () => {
  expect(panelsByUid.get('clicky-slo')).not.toContain(999);
});
