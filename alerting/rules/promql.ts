import type { Duration } from './types';

/** A label matcher: a plain string means `=`. */
type Matcher = string | { op: '!=' | '=~' | '!~'; value: string };

export const regex = (value: string): Matcher => ({ op: '=~', value });
export const notRegex = (value: string): Matcher => ({ op: '!~', value });

/** Equal to one of the values: `=` for one, `=~"a|b"` for several. */
export const oneOf = (values: readonly string[]): Matcher =>
  values.length === 1 && values[0] !== undefined ? values[0] : regex(values.join('|'));

/** `label="value"`: the same syntax in PromQL selectors and Alertmanager matchers. */
export const labelMatcher = (label: string, m: Matcher): string =>
  typeof m === 'string' ? `${label}="${m}"` : `${label}${m.op}"${m.value}"`;

/** `metric{label="value", ...}`, in the order given. */
export function selector(metric: string, matchers: Record<string, Matcher> = {}): string {
  const parts = Object.entries(matchers).map(([label, m]) => labelMatcher(label, m));
  return parts.length === 0 ? metric : `${metric}{${parts.join(', ')}}`;
}

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86400 } as const;

function parse(duration: Duration): { count: number; unit: keyof typeof unitSeconds } {
  const unit = duration.slice(-1) as keyof typeof unitSeconds;
  return { count: Number(duration.slice(0, -1)), unit };
}

export function seconds(duration: Duration): number {
  const { count, unit } = parse(duration);
  return count * unitSeconds[unit];
}

/** The inverse of seconds(), in the largest unit that divides evenly: 120 -> '2m'. */
export function duration(totalSeconds: number): Duration {
  const [unit, size] = Object.entries(unitSeconds)
    .reverse()
    .find(([, size]) => totalSeconds % size === 0) ?? ['s', 1];
  return `${totalSeconds / size}${unit}` as Duration;
}

/** A duration as a PromQL number a reader can check: '26h' -> `26 * 3600`. */
export function secondsLiteral(duration: Duration): string {
  const { count, unit } = parse(duration);
  return unit === 's' ? String(count) : `${count} * ${unitSeconds[unit]}`;
}

/** Sets `label` to `value` on every series of `expr` (the label_replace idiom for a constant). */
export const withLabel = (expr: string, label: string, value: string): string =>
  `label_replace(${expr}, "${label}", "${value}", "", "")`;

/** The label every series carries (prometheus/config.ts ENV_LABEL); every alert keeps it. */
export const ENV = 'env';

/**
 * One series per environment this Prometheus scrapes: every configured target has an `up` series,
 * down or not, so this is "the environments we know", read from the config itself.
 */
export const knownEnvs = `group by (${ENV}) (up)`;

/**
 * `absent()` that keeps `env`: one series per known environment in which `selector` has no series,
 * labelled with `labels` too (absent() alone drops every label but the selector's equality matchers).
 */
export function missingPerEnv(selectorText: string, labels: Record<string, string>): string {
  return Object.entries(labels).reduce(
    (expr, [label, value]) => withLabel(expr, label, value),
    `${knownEnvs} unless on (${ENV}) ${selectorText}`,
  );
}

/** True while a success timestamp is older than `maxAge`, or missing altogether in an environment. */
export const staleOrMissing = (timestamp: string, maxAge: Duration, labels: Record<string, string>): string =>
  `time() - ${timestamp} > ${secondsLiteral(maxAge)}\nor\n${missingPerEnv(timestamp, labels)}`;
