import type { Scenario } from '../scenario';

/** The exporter stops: every alert built on its metrics (DatabaseDown, RedisDown, ...) goes blind. */
export const exporterDown: Scenario = {
  name: 'exporter down',
  expect: { alert: 'ExporterDown', channel: 'email' },
  break: (world) => world.stack.stopService('exporter'),
  restore: (world) => world.stack.startService('exporter'),
};
