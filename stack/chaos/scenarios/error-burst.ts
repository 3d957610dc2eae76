import type { Scenario } from '../scenario';

/**
 * Users' requests get 500s: every request, ten a second, until restored. A burst spread over scrapes,
 * as a real one is: increase() cannot count a new series' first sample, so errors that all arrived
 * before the first scrape of a new `status="500"` series would read as none.
 */
export const errorBurst: Scenario = {
  name: '5xx burst',
  expect: { alert: 'HighErrorRate', channel: 'telegram', mentions: 'clicky-api' },
  break: async (world) => world.api.failRequests(true),
  restore: async (world) => world.api.failRequests(false),
};
