import type { Scenario } from '../scenario';

/**
 * Users' requests get 500s: 40 over 4 s, four times HighErrorRate's threshold. Spread over several
 * scrapes, as a real burst is: increase() cannot count a series' first sample, so 40 errors that all
 * arrive before the first scrape of a new `status="500"` series would read as none.
 */
export const errorBurst: Scenario = {
  name: '5xx burst',
  expect: { alert: 'HighErrorRate', channel: 'telegram', mentions: 'clicky-api' },
  async break(world) {
    world.api.failRequests(true);
    await world.api.traffic(40, 4000);
  },
  restore: async (world) => world.api.failRequests(false),
};
