import type { Scenario } from '../scenario';
import { CHAOS_INSTANCE } from '../world';

/** Two deploys fail in a row (report-job → Pushgateway): cooldown "none" means each is news. */
export const deployFailsTwice: Scenario = {
  name: 'deploy failing twice',
  expect: { alert: 'DeploymentFailed', channel: 'telegram', mentions: `instance=${CHAOS_INSTANCE}` },
  break: (world) => world.reportJob('deploy', 1),
  again: (world) => world.reportJob('deploy', 1),
  restore: (world) => world.reportJob('deploy', 0),
};
