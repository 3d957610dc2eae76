/**
 * Label selectors with the dashboards' variables filled in. Every series a panel reads is narrowed to
 * the chosen environment (`env`, which Prometheus's scrape configs and the log shippers attach).
 */
import { labelMatcher, regex, selector } from '../../alerting/rules/promql';

type Matcher = Parameters<typeof labelMatcher>[1];

/** A template variable as Grafana interpolates it: `$name`. */
export const v = (name: string): string => `$${name}`;

/** `metric{env="$env", ...}`: a PromQL selector in the chosen environment. */
export const inEnv = (metric: string, matchers: Record<string, Matcher> = {}): string =>
  selector(metric, { env: v('env'), ...matchers });

/** `{app=~"$app", env="$env", ...}`: a Loki stream selector (Loki labels are only app, env and level). */
export const stream = (matchers: Record<string, Matcher> = {}): string => {
  const all: Record<string, Matcher> = { app: regex(v('app')), env: v('env'), ...matchers };
  return `{${Object.entries(all)
    .map(([label, m]) => labelMatcher(label, m))
    .join(', ')}}`;
};

/** A LogQL or PromQL string literal: JSON's escapes are valid in the Go-style strings of both. */
export const quoted = (text: string): string => JSON.stringify(text);

export { regex };
