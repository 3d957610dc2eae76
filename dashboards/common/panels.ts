/**
 * Panel factories. Every panel is made here, so each one carries a title, a description, a unit and
 * thresholds (neutral unless given), and its queries get stable refIds (A, B, ...).
 *
 *   stat({ title: 'Total users', description: '...', unit: units.Short, queries: [promQuery('...')] })
 */

import * as bargauge from '@grafana/grafana-foundation-sdk/bargauge';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import {
  type DataTransformerConfig,
  type Threshold,
  type ThresholdsConfig,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import * as gaugePanel from '@grafana/grafana-foundation-sdk/gauge';
import * as logsPanel from '@grafana/grafana-foundation-sdk/logs';
import * as statPanel from '@grafana/grafana-foundation-sdk/stat';
import * as tablePanel from '@grafana/grafana-foundation-sdk/table';
import * as timeseriesPanel from '@grafana/grafana-foundation-sdk/timeseries';
import * as units from '@grafana/grafana-foundation-sdk/units';
import type { Query } from './queries';
import { neutral } from './thresholds';

export { units };

export interface PanelSpec {
  title: string;
  /** Shown on hover: what the number means and where it comes from. */
  description: string;
  /** A Grafana unit id (`units.*`). */
  unit: string;
  queries: readonly Query[];
  thresholds?: Threshold[];
  mappings?: ValueMapping[];
  decimals?: number;
  min?: number;
  max?: number;
  /** Grid columns out of 24. */
  width?: number;
  height?: number;
}

/** The setters every panel builder of the SDK shares. */
interface AnyPanelBuilder<B> {
  title(title: string): B;
  description(description: string): B;
  unit(unit: string): B;
  datasource(datasource: common.DataSourceRef): B;
  withTarget(target: cog.Builder<cog.Dataquery>): B;
  span(w: number): B;
  height(h: number): B;
  thresholds(thresholds: cog.Builder<ThresholdsConfig>): B;
  mappings(mappings: ValueMapping[]): B;
  decimals(decimals: number): B;
  min(min: number): B;
  max(max: number): B;
}

const refId = (index: number): string => String.fromCharCode(65 + index);

function base<B extends AnyPanelBuilder<B>>(builder: B, spec: PanelSpec, size: { w: number; h: number }): B {
  builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .span(spec.width ?? size.w)
    .height(spec.height ?? size.h)
    .thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(spec.thresholds ?? neutral()),
    );
  const datasource = spec.queries[0]?.build().datasource;
  if (datasource) builder.datasource(datasource);
  spec.queries.forEach((query, index) => {
    builder.withTarget(query.refId(refId(index)));
  });
  if (spec.mappings) builder.mappings(spec.mappings);
  if (spec.decimals !== undefined) builder.decimals(spec.decimals);
  if (spec.min !== undefined) builder.min(spec.min);
  if (spec.max !== undefined) builder.max(spec.max);
  return builder;
}

const lastValue = () => new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);

/** One big number: the last value of its query. */
export function stat(spec: PanelSpec): statPanel.PanelBuilder {
  return base(new statPanel.PanelBuilder(), spec, { w: 8, h: 4 })
    .reduceOptions(lastValue())
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .textMode(common.BigValueTextMode.Auto);
}

/** A ratio or share on a dial (min 0, max 1 unless given). */
export function gauge(spec: PanelSpec): gaugePanel.PanelBuilder {
  return base(new gaugePanel.PanelBuilder(), { min: 0, max: 1, ...spec }, { w: 8, h: 4 })
    .reduceOptions(lastValue())
    .showThresholdMarkers(true);
}

/** One horizontal bar per series, e.g. a top-N list. */
export function barGauge(spec: PanelSpec): bargauge.PanelBuilder {
  return base(new bargauge.PanelBuilder(), { min: 0, ...spec }, { w: 12, h: 8 })
    .reduceOptions(lastValue())
    .orientation(common.VizOrientation.Horizontal)
    .displayMode(common.BarGaugeDisplayMode.Basic)
    .namePlacement(common.BarGaugeNamePlacement.Left);
}

export interface TimeseriesSpec extends PanelSpec {
  /** Stacked bars, for counts per interval (log volume). */
  bars?: boolean;
  /** Draws the thresholds as dashed lines: the alert's limit on the graph. */
  thresholdLine?: boolean;
}

export function timeseries(spec: TimeseriesSpec): timeseriesPanel.PanelBuilder {
  const panel = base(new timeseriesPanel.PanelBuilder(), spec, { w: 12, h: 8 })
    .lineWidth(1)
    .fillOpacity(spec.bars ? 80 : 10)
    .showPoints(common.VisibilityMode.Never)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(
        spec.thresholdLine ? common.GraphThresholdsStyleMode.Dashed : common.GraphThresholdsStyleMode.Off,
      ),
    );
  if (spec.bars) {
    panel
      .drawStyle(common.GraphDrawStyle.Bars)
      .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  }
  return panel;
}

export interface TableSpec extends PanelSpec {
  transformations?: DataTransformerConfig[];
}

/** Rows of labels and values (instant table queries). */
export function table(spec: TableSpec): tablePanel.PanelBuilder {
  const panel = base(new tablePanel.PanelBuilder(), spec, { w: 24, h: 8 }).filterable(true);
  for (const transformation of spec.transformations ?? []) panel.withTransformation(transformation);
  return panel;
}

/** Log lines. Lines have no unit: `none` says so explicitly, like every other panel states its unit. */
export function logs(spec: Omit<PanelSpec, 'unit'>): logsPanel.PanelBuilder {
  return base(new logsPanel.PanelBuilder(), { ...spec, unit: units.NoUnit }, { w: 24, h: 10 })
    .showTime(true)
    .wrapLogMessage(true)
    .enableLogDetails(true)
    .sortOrder(common.LogsSortOrder.Descending)
    .dedupStrategy(common.LogsDedupStrategy.None);
}
