import type { Scenario } from '../scenario';

/** Pushgateway stops: backups and deploys report into nothing. */
export const pushgatewayDown: Scenario = {
  name: 'Pushgateway down',
  expect: { alert: 'PushgatewayDown', channel: 'email' },
  break: (world) => world.stack.stopService('pushgateway'),
  restore: (world) => world.stack.startService('pushgateway'),
};
