import { http } from './metrics';
import { ENV, selector } from './promql';
import { thresholds } from './thresholds';
import type { RuleGroup } from './types';

const { quantile, maxSeconds, window } = thresholds.latency;
const percentile = `p${quantile * 100}`;

export const latency: RuleGroup = {
  name: 'clicky-latency',
  rules: [
    {
      alert: 'SlowResponse',
      // No traffic gives NaN, which compares false: an idle service is not a slow one.
      expr:
        `histogram_quantile(${quantile}, sum by (${ENV}, job, le) (rate(${selector(http.durationBucket)}[${window}])))` +
        ` > ${maxSeconds}`,
      for: thresholds.latency.for,
      severity: 'warning',
      cooldown: '15m',
      labels: { service: '{{ $labels.job }}' },
      summary: '{{ $labels.job }} is slow',
      description:
        `The ${percentile} response time of {{ $labels.job }} is {{ $value | humanizeDuration }}, ` +
        `above ${maxSeconds}s for ${thresholds.latency.for}.`,
    },
  ],
};
