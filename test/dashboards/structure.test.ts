import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { CLICKY_TAG } from '../../dashboards/common/dashboard';
import { datasources } from '../../dashboards/common/datasources';
import { models, panelsOf, targetsOf, variablesOf } from './support/models';

const all = models();
const byUid = (uid: string) => all.find((m) => m.uid === uid) as Dashboard;

/** Bookmarks and links use these: changing one breaks them, so it must be deliberate. */
const UIDS = [
  'clicky-admin-overview',
  'clicky-api-performance',
  'clicky-infrastructure',
  'clicky-logs',
  'clicky-uptime-alerts',
  'clicky-slo',
];

/** Links to one dashboard, beside the menu: the API's to its SLOs. */
const EXTRA_LINKS: Record<string, string[]> = { 'clicky-api-performance': ['/d/clicky-slo'] };

describe('the dashboards', () => {
  it('have the stable uids, one each', () => {
    expect(all.map((m) => m.uid)).toEqual(UIDS);
  });

  it.each(UIDS)('%s has a title, a description and the clicky tag beside its own', (uid) => {
    const model = byUid(uid);
    expect(model.title).toMatch(/^Clicky \/ /);
    expect(model.description).toBeTruthy();
    expect(model.tags?.[0]).toBe(CLICKY_TAG);
    expect(model.tags?.length).toBeGreaterThan(1);
  });

  it.each(UIDS)(
    '%s links to every other dashboard (by the clicky tag), keeping time and variables',
    (uid) => {
      const [menu, ...links] = byUid(uid).links ?? [];
      expect(links.map((l) => [l.type, l.url, l.keepTime, l.includeVars])).toEqual(
        (EXTRA_LINKS[uid] ?? []).map((url) => ['link', url, true, true]),
      );
      // Each extra link names a dashboard that exists.
      for (const link of links) expect(UIDS).toContain(link.url?.replace('/d/', ''));
      expect([menu]).toEqual([
        expect.objectContaining({
          type: 'dashboards',
          tags: [CLICKY_TAG],
          includeVars: true,
          keepTime: true,
        }),
      ]);
      // The tag link lists every dashboard carrying the tag: all of them do.
      expect(all.filter((m) => m.tags?.includes(CLICKY_TAG))).toHaveLength(UIDS.length);
    },
  );

  it.each(UIDS)('%s: every panel has a title, a description and a unit', (uid) => {
    const missing = panelsOf(byUid(uid))
      .filter((p) => !p.title || !p.description || !p.fieldConfig?.defaults?.unit)
      .map((p) => p.title);
    expect(missing).toEqual([]);
    expect(panelsOf(byUid(uid)).length).toBeGreaterThan(0);
  });

  it.each(UIDS)('%s: every panel has a query, unique ids and a place on the 24-column grid', (uid) => {
    const model = byUid(uid);
    const panels = panelsOf(model);
    expect(panels.filter((p) => (p.targets?.length ?? 0) === 0).map((p) => p.title)).toEqual([]);
    for (const panel of panels) {
      const refIds = targetsOf(panel).map((t) => t.refId);
      expect({ panel: panel.title, refIds }).toEqual({
        panel: panel.title,
        refIds: refIds.map((_, i) => String.fromCharCode(65 + i)),
      });
    }
    const offGrid = panels.filter(({ gridPos }) => !gridPos || gridPos.x < 0 || gridPos.x + gridPos.w > 24);
    expect(offGrid.map((p) => p.title)).toEqual([]);
    const ids = (model.panels ?? []).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => typeof id === 'number' && id > 0)).toBe(true);
  });
});

describe('datasources', () => {
  const provisioned = Object.values(datasources);

  /** The provisioned uid a reference ends up at: directly, or through a datasource variable's default. */
  function resolveUid(model: Dashboard, ref: { type?: string; uid?: string } | undefined) {
    const variable = /^\$\{(\w+)\}$/.exec(ref?.uid ?? '')?.[1];
    if (!variable) return ref?.uid;
    const v = variablesOf(model).find((x) => x.name === variable && x.type === 'datasource');
    expect({ variable, type: v?.query }).toEqual({ variable, type: ref?.type });
    return v?.current?.value;
  }

  it.each(UIDS)('%s: every panel, query and variable uses a provisioned datasource of its type', (uid) => {
    const model = byUid(uid);
    const refs = [
      ...panelsOf(model).flatMap((p) => [p.datasource, ...targetsOf(p).map((t) => t.datasource)]),
      ...variablesOf(model)
        .filter((v) => v.type === 'query')
        .map((v) => v.datasource),
    ];
    for (const ref of refs) {
      const target = provisioned.find((d) => d.uid === resolveUid(model, ref));
      expect({ ref, type: target?.type }).toEqual({ ref, type: ref?.type });
    }
  });

  it.each(UIDS)(
    '%s has a datasource variable for each datasource type it queries, and an env variable',
    (uid) => {
      const model = byUid(uid);
      const types = new Set(panelsOf(model).flatMap((p) => targetsOf(p).map((t) => t.datasource?.type)));
      const pickers = variablesOf(model).filter((v) => v.type === 'datasource');
      expect(pickers.map((v) => v.query).sort()).toEqual([...types].sort());
      expect(variablesOf(model).find((v) => v.name === 'env')).toMatchObject({ type: 'query', multi: false });
    },
  );
});
