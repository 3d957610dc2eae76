import type { Scenario } from '../scenario';

/** The API process is gone: its scrape fails and its health probes fail. */
export const apiTargetDown: Scenario = {
  name: 'API target down',
  expect: { alert: 'ServiceDown', channel: 'telegram' },
  break: (world) => world.api.stop(),
  restore: (world) => world.api.start(),
};
