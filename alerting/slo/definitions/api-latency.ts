import { http, jobs } from '../../rules/metrics';
import { thresholds } from '../../rules/thresholds';
import type { SloDefinition } from '../types';

/** The spec's p95 alert's threshold (2 s), a bucket of the exporter's histogram, so the count is exact. */
const { maxSeconds, quantile } = thresholds.latency;

export const apiLatency: SloDefinition = {
  id: 'api-latency',
  name: 'ApiLatency',
  title: 'API latency',
  service: jobs.api,
  sli: { kind: 'latency', bucket: http.durationBucket, matchers: { job: jobs.api }, le: String(maxSeconds) },
  // "p95 under 2 s", as a budget: 95 % of requests under 2 s.
  objective: quantile,
  window: '30d',
  description: `requests answered within ${maxSeconds} s, among all requests.`,
};
