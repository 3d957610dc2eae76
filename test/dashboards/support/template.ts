/**
 * Grafana's template variables replaced by plausible values, so a query can be parsed or run. A `$name`
 * the dashboard does not define is an error: a typo in a variable name would otherwise reach Grafana.
 */
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { variablesOf } from './models';

/** Grafana's built-in variables, as a one-minute rate window (what the Prometheus test scrapes allow). */
export const BUILT_INS: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '1m',
  __range: '5m',
  __auto: '1m',
};

/**
 * A value for every variable of `model`: "All" for multi-value filters (their allValue), the default
 * for text boxes and datasource pickers, and `given` for the rest (env...), which must cover them.
 */
export function plausibleValues(model: Dashboard, given: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = { ...BUILT_INS };
  for (const variable of variablesOf(model)) {
    const name = variable.name;
    if (name in given) values[name] = given[name] as string;
    else if (variable.includeAll && variable.allValue !== undefined) values[name] = variable.allValue;
    else if (variable.type === 'textbox')
      values[name] = typeof variable.query === 'string' ? variable.query : '';
    else if (variable.type === 'datasource') values[name] = String(variable.current?.value ?? '');
    else throw new Error(`no value for variable ${name} of ${model.uid}`);
  }
  return values;
}

const REFERENCE = /\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)/g;

export function substitute(expr: string, values: Record<string, string>): string {
  return expr.replace(REFERENCE, (_whole, braced?: string, bracketed?: string, bare?: string) => {
    const name = (braced ?? bracketed ?? bare) as string;
    const value = values[name];
    if (value === undefined) throw new Error(`unknown template variable $${name} in ${expr}`);
    return value;
  });
}
