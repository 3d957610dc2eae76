/**
 * An SLI as two PromQL expressions per window: the events in it, and the bad ones among them, one series
 * per environment (`sum by (env)`, as every rule here keeps env).
 */
import { ENV, selector } from '../rules/promql';
import type { Duration } from '../rules/types';
import type { Sli } from './types';

export interface SliEvents {
  total: (window: Duration) => string;
  good: (window: Duration) => string;
}

const perEnv = (expr: string): string => `sum by (${ENV}) (${expr})`;

/** a + b per environment, or whichever of the two an environment has (a plain `+` needs both). */
const plus = (a: string, b: string): string => `(${a} + ${b}) or ${a} or ${b}`;

export function sliEvents(sli: Sli): SliEvents {
  switch (sli.kind) {
    case 'events':
      return {
        total: (w) => perEnv(`increase(${sli.total}[${w}])`),
        // One sum per counter: increase() drops the name, so two counters in one selector would collide.
        good: (w) => sli.good.map((counter) => perEnv(`increase(${counter}[${w}])`)).reduce(plus),
      };
    case 'latency': {
      const bucket = (le: string) => selector(sli.bucket, { ...sli.matchers, le });
      return {
        total: (w) => perEnv(`increase(${bucket('+Inf')}[${w}])`),
        good: (w) => perEnv(`increase(${bucket(sli.le)}[${w}])`),
      };
    }
    case 'probes':
      return {
        total: (w) => perEnv(`count_over_time(${sli.selector}[${w}])`),
        good: (w) => perEnv(`sum_over_time(${sli.selector}[${w}])`),
      };
  }
}

/**
 * Bad events: all minus good. `or 0 * total` because in a full outage the good series may not exist at
 * all (no non-5xx answer yet): a plain subtraction would then be empty, and the outage silent.
 */
export function badEvents(events: SliEvents, window: Duration): string {
  const total = events.total(window);
  return `${total}\n- ${orZero(events.good(window), total)}`;
}

/** `good`, or 0 where only `total` has a series: the guard of badEvents(). */
export const orZero = (good: string, total: string): string => `(${good} or 0 * ${total})`;
