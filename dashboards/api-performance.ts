/**
 * API performance (spec section 6, Traffic/Performance/Errors): the RED metrics every instrumented
 * service exposes (the metrics contract, contracts/metrics.ts), per scrape job and route. The panels that mirror an alert
 * use its expression, window and threshold (alerting/rules/latency.ts, errors.ts).
 */

import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { thresholds } from '../alerting/rules/thresholds';
import { http } from '../contracts/metrics';
import { clickyDashboard } from './common/dashboard';
import { stat, timeseries, units } from './common/panels';
import { promQuery } from './common/queries';
import { inEnv, regex, v } from './common/selectors';
import { redFrom } from './common/thresholds';
import { prometheusDatasource, prometheusEnv, prometheusLabelFilter } from './common/variables';
import { API_DASHBOARD_UID } from './panel-ids';
import { SLO_DASHBOARD_UID } from './slo';

const { maxSeconds, quantile, window: latencyWindow } = thresholds.latency;
const { max5xx, window: errorWindow } = thresholds.errors;

const job = { job: regex(v('job')) };
const routes = { ...job, route: regex(v('route')) };
const requests = (status?: string) =>
  inEnv(http.requests, status ? { ...routes, status: regex(status) } : routes);
const rate = (selector: string, window = '$__rate_interval') => `rate(${selector}[${window}])`;
const percentile = (q: number, by: string, selector: string, window?: string) =>
  `histogram_quantile(${q}, sum by (${by}) (${rate(selector, window)}))`;
const pct = (q: number) => `p${Math.round(q * 100)}`;

const requestsPerMinute = () =>
  stat({
    title: 'Requests per minute',
    description: 'Requests answered per minute by the selected jobs and routes (`http_requests_total`).',
    unit: units.RequestsPerMinute,
    queries: [promQuery(`sum(${rate(requests())}) * 60`, { instant: true })],
    width: 4,
    height: 8,
  });

const inFlight = () =>
  stat({
    title: 'In flight',
    description: 'Requests being served right now (`http_requests_in_flight`).',
    unit: units.Short,
    queries: [promQuery(`sum(${inEnv(http.inFlight, job)})`, { instant: true })],
    width: 4,
    height: 8,
  });

const alertLatency = () =>
  stat({
    title: `${pct(quantile)} latency, last ${latencyWindow}`,
    description:
      `The SlowResponse alert's figure: ${pct(quantile)} of the request duration over ${latencyWindow}, per job; ` +
      `the alert fires when it stays above ${maxSeconds}s for ${thresholds.latency.for}.`,
    unit: units.Seconds,
    queries: [
      promQuery(percentile(quantile, 'job, le', inEnv(http.durationBucket, job), latencyWindow), {
        instant: true,
        legend: '{{job}}',
      }),
    ],
    thresholds: redFrom(maxSeconds),
    width: 8,
    height: 8,
  });

const latencyPercentiles = () =>
  timeseries({
    title: 'Latency p50 / p95 / p99',
    description: `Request duration percentiles (\`${http.durationBucket}\`); the dashed line is the SlowResponse threshold.`,
    unit: units.Seconds,
    queries: [0.5, 0.95, 0.99].map((q) =>
      promQuery(percentile(q, 'le', inEnv(http.durationBucket, routes)), { legend: pct(q) }),
    ),
    thresholds: redFrom(maxSeconds),
    thresholdLine: true,
    width: 16,
  });

const latencyByRoute = () =>
  timeseries({
    title: `${pct(quantile)} latency per route`,
    description: `${pct(quantile)} request duration per route template; the dashed line is the SlowResponse threshold.`,
    unit: units.Seconds,
    queries: [
      promQuery(percentile(quantile, 'route, le', inEnv(http.durationBucket, routes)), {
        legend: '{{route}}',
      }),
    ],
    thresholds: redFrom(maxSeconds),
    thresholdLine: true,
    width: 24,
  });

const requestsByRoute = () =>
  timeseries({
    title: 'Requests per minute per route',
    description: 'Requests answered per minute, per route template (`http_requests_total`).',
    unit: units.RequestsPerMinute,
    queries: [promQuery(`sum by (route) (${rate(requests())}) * 60`, { legend: '{{route}}' })],
    width: 16,
  });

const serverErrorsInWindow = () =>
  stat({
    title: `5xx responses, last ${errorWindow}`,
    description: `The HighErrorRate alert's figure: 5xx responses in ${errorWindow}, per job; the alert fires above ${max5xx}.`,
    unit: units.Short,
    queries: [
      promQuery(
        `sum by (job) (increase(${inEnv(http.requests, { ...job, status: regex('5..') })}[${errorWindow}]))`,
        {
          instant: true,
          legend: '{{job}}',
        },
      ),
    ],
    thresholds: redFrom(max5xx),
    width: 8,
    height: 8,
  });

const errorRateByRoute = (klass: '4xx' | '5xx') =>
  timeseries({
    title: `${klass} rate per route`,
    description: `Responses with a ${klass} status per second, per route template (\`http_requests_total\`).`,
    unit: units.RequestsPerSecond,
    queries: [promQuery(`sum by (route) (${rate(requests(`${klass[0]}..`))})`, { legend: '{{route}}' })],
    width: 8,
  });

const serverErrorsOverTime = () =>
  timeseries({
    title: `5xx responses per ${errorWindow}`,
    description: `5xx responses in the preceding ${errorWindow}, per job; the dashed line is the HighErrorRate threshold.`,
    unit: units.Short,
    queries: [
      promQuery(
        `sum by (job) (increase(${inEnv(http.requests, { ...job, status: regex('5..') })}[${errorWindow}]))`,
        {
          legend: '{{job}}',
        },
      ),
    ],
    thresholds: redFrom(max5xx),
    thresholdLine: true,
    width: 24,
  });

export function apiPerformance(): DashboardBuilder {
  return clickyDashboard({
    uid: API_DASHBOARD_UID,
    title: 'Clicky / API performance',
    description:
      'Requests, latency and errors per service and route, with the SlowResponse and HighErrorRate thresholds.',
    tags: ['api'],
    variables: [
      prometheusDatasource(),
      prometheusEnv(),
      prometheusLabelFilter('job', 'Service', `label_values(${inEnv(http.requests)}, job)`),
      prometheusLabelFilter('route', 'Route', `label_values(${inEnv(http.requests, job)}, route)`),
    ],
    links: [
      {
        title: 'API SLOs',
        uid: SLO_DASHBOARD_UID,
        tooltip: 'Availability and latency objectives of the API: error budget left and burn rates.',
      },
    ],
  })
    .withRow(new RowBuilder('Traffic'))
    .withPanel(requestsPerMinute())
    .withPanel(inFlight())
    .withPanel(requestsByRoute())
    .withRow(new RowBuilder('Latency'))
    .withPanel(alertLatency())
    .withPanel(latencyPercentiles())
    .withPanel(latencyByRoute())
    .withRow(new RowBuilder('Errors'))
    .withPanel(serverErrorsInWindow())
    .withPanel(errorRateByRoute('4xx'))
    .withPanel(errorRateByRoute('5xx'))
    .withPanel(serverErrorsOverTime());
}
