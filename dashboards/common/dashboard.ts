/**
 * What every Clicky dashboard shares: the `clicky` tag, a link menu to the other dashboards (by that
 * tag), Grafana's built-in annotations, time range and refresh.
 */

import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  type DashboardLink,
  DashboardLinkBuilder,
  DashboardLinkType,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';

/** The tag every dashboard carries and the link menu lists. */
export const CLICKY_TAG = 'clicky';

export interface DashboardSpec {
  /** Stable: URLs and links use it (`clicky-...`). */
  uid: string;
  title: string;
  description: string;
  /** Besides `clicky`. */
  tags: string[];
  variables: cog.Builder<VariableModel>[];
  /** Links to one dashboard each, beside the menu of all of them (`uid` → `/d/<uid>`). */
  links?: { title: string; uid: string; tooltip: string }[];
}

/** A link to one dashboard, keeping the time range and the variables (env). */
function dashboardLink(link: { title: string; uid: string; tooltip: string }): cog.Builder<DashboardLink> {
  const builder = new DashboardLinkBuilder(link.title)
    .type(DashboardLinkType.Link)
    .url(`/d/${link.uid}`)
    .tooltip(link.tooltip)
    .icon('dashboard')
    .includeVars(true)
    .keepTime(true)
    .targetBlank(false);
  return {
    build() {
      const { placement: _hidden, ...inline } = builder.build();
      return inline;
    },
  };
}

/** Links to every other dashboard tagged `clicky`, keeping the time range and the variables. */
function clickyLinks(): cog.Builder<DashboardLink> {
  const link = new DashboardLinkBuilder('Clicky dashboards')
    .type(DashboardLinkType.Dashboards)
    .tags([CLICKY_TAG])
    .asDropdown(true)
    .includeVars(true)
    .keepTime(true)
    .targetBlank(false);
  return {
    build() {
      // The SDK defaults placement to "inControlsMenu", which hides the menu behind Grafana's controls
      // menu; without it the menu sits beside the variables, where people look for it.
      const { placement: _hidden, ...inline } = link.build();
      return inline;
    },
  };
}

/** Grafana's own "Annotations & Alerts", which the UI adds anyway: written out so the model is complete. */
function builtInAnnotations(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .builtIn(1)
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)')
    .type('dashboard');
}

export function clickyDashboard(spec: DashboardSpec): DashboardBuilder {
  const dashboard = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([CLICKY_TAG, ...spec.tags])
    .readonly()
    .tooltip(DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .refresh('1m')
    .link(clickyLinks())
    .annotation(builtInAnnotations())
    .variables(spec.variables);
  for (const link of spec.links ?? []) dashboard.link(dashboardLink(link));
  return dashboard;
}
