import { PIPELINE_SILENT } from '../notifications';
import type { Scenario } from '../scenario';

/** Alertmanager stops: no alert can be routed, so only the relay's dead man's switch can tell. */
export const alertmanagerDown: Scenario = {
  name: 'Alertmanager down',
  expect: { alert: PIPELINE_SILENT, channel: 'relay-watchdog' },
  rule: 'Watchdog',
  break: (world) => world.stack.stopService('alertmanager'),
  restore: (world) => world.stack.startService('alertmanager'),
};
