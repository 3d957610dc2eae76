/**
 * Checks an exposition against the metrics contract (contracts/metrics.ts) and lists every violation
 * as one line of text: unparsable lines, a missing metric, a wrong type, a family without samples
 * (its labels cannot be checked), missing or extra labels, label values outside the contract (raw
 * paths as `route`, status classes, odd methods) and missing histogram buckets, the 2 s one above all.
 */
import { type Exposition, type Family, parseValue } from './exposition';
import {
  apiMetrics,
  METHODS,
  type MetricContract,
  OTHER_METHOD,
  rawPathSegment,
  SLOW_RESPONSE_BUCKET,
} from './metrics';

export interface MetricsReport {
  violations: string[];
  /** What was checked, for the summary line. */
  metrics: number;
  series: number;
  routes: string[];
}

/** Raw-path routes are listed up to this many per metric: an app that leaks ids can have thousands. */
const MAX_LISTED_ROUTES = 10;

export function checkMetrics(
  exposition: Exposition,
  contract: readonly MetricContract[] = Object.values(apiMetrics),
): MetricsReport {
  const violations = exposition.errors.map((e) => `line ${e.line}: cannot parse: ${e.reason}`);
  let series = 0;
  const routes = new Set<string>();
  for (const metric of contract) {
    const family = findFamily(exposition, metric);
    if (!family) {
      violations.push(`${metric.name}: missing (the contract wants a ${metric.type})`);
      continue;
    }
    if (family.type !== metric.type) {
      violations.push(`${metric.name}: type is ${family.type}, the contract says ${metric.type}`);
      continue;
    }
    const samples = family.samples.filter((s) => !s.name.endsWith('_created'));
    if (samples.length === 0) {
      violations.push(
        `${metric.name}: no samples, so its labels cannot be checked (send the app a request first)`,
      );
      continue;
    }
    const seriesOf = groupSeries(family);
    series += seriesOf.size;
    violations.push(...checkLabels(metric, family));
    for (const s of samples) if (s.labels.route !== undefined) routes.add(s.labels.route);
    if (metric.buckets) violations.push(...checkHistogram(metric, seriesOf));
  }
  return { violations, metrics: contract.length, series, routes: [...routes].sort() };
}

/** The family by its text-format name, or (OpenMetrics) a counter's name without `_total`. */
function findFamily(exposition: Exposition, metric: MetricContract): Family | undefined {
  const exact = exposition.families.get(metric.name);
  if (exact && (exact.type !== 'untyped' || exact.samples.length > 0)) return exact;
  if (metric.type === 'counter' && metric.name.endsWith('_total'))
    return exposition.families.get(metric.name.slice(0, -'_total'.length)) ?? exact;
  return exact;
}

function checkLabels(metric: MetricContract, family: Family): string[] {
  const violations: string[] = [];
  const missing = new Map<string, number>();
  const extra = new Map<string, number>();
  const badValues = new Map<string, Set<string>>();
  const bad = (label: string, why: string) => {
    const set = badValues.get(label) ?? new Set<string>();
    set.add(why);
    badValues.set(label, set);
  };
  for (const sample of family.samples) {
    if (sample.name.endsWith('_created')) continue;
    const names = Object.keys(sample.labels).filter((l) => !(l === 'le' && sample.name.endsWith('_bucket')));
    for (const label of metric.labels)
      if (!names.includes(label)) missing.set(label, (missing.get(label) ?? 0) + 1);
    for (const label of names)
      if (!metric.labels.includes(label)) extra.set(label, (extra.get(label) ?? 0) + 1);
    const { method, status, route } = sample.labels;
    if (method !== undefined && !METHODS.has(method) && method !== OTHER_METHOD)
      bad('method', `method "${method}" is not an upper-case HTTP method (or "${OTHER_METHOD}")`);
    if (status !== undefined && !/^[1-5]\d\d$/.test(status))
      bad('status', `status "${status}" is not a numeric status code`);
    const raw = route === undefined ? undefined : rawPathSegment(route);
    if (route !== undefined && raw) bad('route', `route "${route}" is a raw path, not a template: ${raw}`);
  }
  for (const [label, count] of missing)
    violations.push(`${metric.name}: missing label ${label} (${samplesText(count)})`);
  for (const [label, count] of extra)
    violations.push(
      `${metric.name}: extra label ${label} (${samplesText(count)}; the contract has ${listOf(metric.labels)})`,
    );
  for (const [label, reasons] of badValues) {
    const list = [...reasons];
    const shown = label === 'route' ? list.slice(0, MAX_LISTED_ROUTES) : list;
    for (const reason of shown) violations.push(`${metric.name}: ${reason}`);
    if (shown.length < list.length)
      violations.push(`${metric.name}: ... and ${list.length - shown.length} more raw-path routes`);
  }
  return violations;
}

interface Series {
  bounds: Set<number>;
  hasSum: boolean;
  hasCount: boolean;
}

/** The family's series keyed by their labels other than `le`. */
function groupSeries(family: Family): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const sample of family.samples) {
    const { le, ...labels } = sample.labels;
    const key = JSON.stringify(Object.entries(labels).sort());
    const entry = series.get(key) ?? { bounds: new Set<number>(), hasSum: false, hasCount: false };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket') && le !== undefined) {
      const bound = parseValue(le);
      if (bound !== undefined) entry.bounds.add(bound);
    }
    if (sample.name.endsWith('_sum')) entry.hasSum = true;
    if (sample.name.endsWith('_count')) entry.hasCount = true;
  }
  return series;
}

function checkHistogram(metric: MetricContract, seriesOf: Map<string, Series>): string[] {
  const violations: string[] = [];
  const required = [...(metric.buckets ?? []), Number.POSITIVE_INFINITY];
  const missing = new Set<number>();
  let withoutSumOrCount = 0;
  for (const series of seriesOf.values()) {
    for (const bound of required)
      if (![...series.bounds].some((b) => sameBound(b, bound))) missing.add(bound);
    if (!series.hasSum || !series.hasCount) withoutSumOrCount += 1;
  }
  for (const bound of [...missing].sort((a, b) => a - b)) {
    const why = bound === SLOW_RESPONSE_BUCKET ? ' (SlowResponse compares the p95 against 2 s)' : '';
    violations.push(
      `${metric.name}: missing bucket le="${bound === Number.POSITIVE_INFINITY ? '+Inf' : bound}"${why}`,
    );
  }
  if (withoutSumOrCount > 0)
    violations.push(`${metric.name}: ${withoutSumOrCount} series without _sum or _count`);
  return violations;
}

/** Bounds written as "2", "2.0" or "2e0" are the same bound. */
function sameBound(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}

const samplesText = (count: number) => `${count} sample${count === 1 ? '' : 's'}`;

function listOf(labels: readonly string[]): string {
  return labels.length === 0 ? 'no labels' : labels.join(', ');
}
