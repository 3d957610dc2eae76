import { PIPELINE_SILENT } from '../notifications';
import type { Scenario } from '../scenario';

/** Prometheus stops: no rule is evaluated, not even Watchdog; the relay notices the silence. */
export const prometheusDown: Scenario = {
  name: 'Prometheus down',
  expect: { alert: PIPELINE_SILENT, channel: 'relay-watchdog' },
  rule: 'Watchdog',
  break: (world) => world.stack.stopService('prometheus'),
  restore: (world) => world.stack.startService('prometheus'),
};
