/**
 * The SLO dashboard's uid and panel ids, apart from the dashboard itself so alert rules can name the
 * panel that explains them (alerting/slo/rules.ts) without importing the dashboard.
 */
import { slos } from '../alerting/slo/definitions';

export const SLO_DASHBOARD_UID = 'clicky-slo';

/** The panels of one SLO's row, in layout order after the row itself. */
export const PANELS_PER_SLO = ['sli', 'budgetRemaining', 'burnRate', 'burnDown'] as const;
export type SloPanel = (typeof PANELS_PER_SLO)[number];

/** The panel id of `panel` in `slo`'s row: ids follow layout order (dashboards/render.ts), rows included. */
export function sloPanelId(sloId: string, panel: SloPanel): number {
  const index = slos.findIndex((s) => s.id === sloId);
  if (index < 0) throw new Error(`no SLO ${sloId}`);
  return index * (PANELS_PER_SLO.length + 1) + 2 + PANELS_PER_SLO.indexOf(panel);
}
