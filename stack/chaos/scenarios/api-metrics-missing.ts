import type { Scenario } from '../scenario';

/** The API answers its scrape but without the contract's series (instrumentation lost in a deploy). */
export const apiMetricsMissing: Scenario = {
  name: 'API metrics missing',
  expect: { alert: 'ApiMetricsAbsent', channel: 'email' },
  break: async (world) => world.api.dropSeries(true),
  restore: async (world) => world.api.dropSeries(false),
};
