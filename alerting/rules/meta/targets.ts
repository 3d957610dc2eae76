/** Scrape targets (kube-prometheus's TargetDown) and the API's metrics contract. */
import { http, jobs, scrapeUp } from '../metrics';
import { ENV, selector, withLabel } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const apiUp = `${selector(scrapeUp, { job: jobs.api })} == 1`;

/** The API's target is up but does not serve `series`; the alert names the missing series. */
const apiServesNo = (series: string): string =>
  withLabel(
    `${apiUp} unless on (${ENV}, job, instance) ${selector(series, { job: jobs.api })}`,
    'series',
    series,
  );

export const targets: RuleGroup = {
  name: 'clicky-meta-targets',
  rules: [
    {
      alert: 'TargetDown',
      // Every job, one alert per target. ExporterDown, RelayDown and PushgatewayDown say more about
      // their own jobs and inhibit this one (alertmanager/inhibitions.ts).
      expr: `${scrapeUp} == 0`,
      for: thresholds.scrapes.downFor,
      severity: 'warning',
      cooldown: '1h',
      summary: '{{ $labels.job }} target {{ $labels.instance }} is down',
      description:
        `Prometheus has failed every scrape of {{ $labels.instance }} (job {{ $labels.job }}) for ${thresholds.scrapes.downFor}: ` +
        'the alerts built on its metrics cannot fire until it is back.',
    },
    {
      alert: 'ApiMetricsAbsent',
      // HighErrorRate and SlowResponse read these series: without them they stay silent, whatever happens.
      expr: `${apiServesNo(http.requests)}\nor\n${apiServesNo(http.durationBucket)}`,
      for: thresholds.meta.apiMetricsAbsentFor,
      severity: 'warning',
      cooldown: '1h',
      summary: 'The API serves no {{ $labels.series }}',
      description:
        '{{ $labels.instance }} (job {{ $labels.job }}) answers its scrapes but has served no {{ $labels.series }} ' +
        `for ${thresholds.meta.apiMetricsAbsentFor}: HighErrorRate and SlowResponse cannot fire until it does.`,
    },
  ],
};
