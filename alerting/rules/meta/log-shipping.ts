/** Log lines lost on their way to Loki (lib/logging/loki, every service with LOKI_URL). */
import { logShipping as m } from '../metrics';
import { ENV, withLabel } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const { window } = thresholds.meta.logShipping;
const perService = `${ENV}, job, instance`;
const total = (metric: string) => `sum by (${perService}) (increase(${metric}[${window}]))`;

/** Lines already lost: the buffer overflowed, or Loki refused a push as invalid. */
const dropping = `${total(m.dropped)} > 0`;
/** Every push failing, nothing shipped: the buffer fills, and lines will be lost. */
const unreachable = `${total(m.pushFailures)} > 0\nunless on (${perService})\n${total(m.shipped)} > 0`;

export const logShippingRules: RuleGroup = {
  name: 'clicky-meta-log-shipping',
  rules: [
    {
      alert: 'LogShippingDroppingLines',
      expr: `${withLabel(dropping, 'problem', 'dropping')}\nor\n${withLabel(unreachable, 'problem', 'loki-unreachable')}`,
      for: thresholds.meta.logShipping.for,
      severity: 'warning',
      cooldown: '1h',
      summary: '{{ $labels.job }} is losing log lines ({{ $labels.problem }})',
      description:
        `{{ $labels.job }} ({{ $labels.instance }}) dropped log lines in the last ${window} (problem "dropping"), ` +
        `or could push none to Loki in that time (problem "loki-unreachable"): the log panels and queries miss them.`,
    },
  ],
};
