import { http, jobs } from '../../rules/metrics';
import { notRegex, selector } from '../../rules/promql';
import type { SloDefinition } from '../types';

const api = { job: jobs.api };

export const apiAvailability: SloDefinition = {
  id: 'api-availability',
  name: 'ApiAvailability',
  title: 'API availability',
  service: jobs.api,
  sli: {
    kind: 'events',
    total: selector(http.requests, api),
    // 4xx are the client's doing; 499 (the client hung up) too.
    good: [selector(http.requests, { ...api, status: notRegex('5..') })],
  },
  objective: 0.995,
  window: '30d',
  description: 'requests answered without a 5xx status, among all requests.',
};
