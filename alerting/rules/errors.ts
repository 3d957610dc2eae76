import { http } from './metrics';
import { ENV, regex, selector } from './promql';
import { thresholds } from './thresholds';
import type { RuleGroup } from './types';

const { max5xx, window } = thresholds.errors;

export const errors: RuleGroup = {
  name: 'clicky-errors',
  rules: [
    {
      alert: 'HighErrorRate',
      // A count, not a ratio, as the spec says; per environment and scrape job, i.e. per service.
      expr: `sum by (${ENV}, job) (increase(${selector(http.requests, { status: regex('5..') })}[${window}])) > ${max5xx}`,
      for: thresholds.errors.for,
      severity: 'error',
      cooldown: '10m',
      labels: { service: '{{ $labels.job }}' },
      summary: '{{ $labels.job }} is answering with 5xx errors',
      description:
        '{{ $labels.job }} answered {{ $value | printf "%.0f" }} requests with a 5xx status ' +
        `in the last ${window} (alerting above ${max5xx}).`,
    },
  ],
};
