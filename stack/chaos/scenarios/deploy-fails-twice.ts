import type { Scenario } from '../scenario';

/** Two deploys fail in a row (report-job → Pushgateway): cooldown "none" means each is news. */
export const deployFailsTwice: Scenario = {
  name: 'deploy failing twice',
  expect: { alert: 'DeploymentFailed', channel: 'telegram' },
  break: (world) => world.reportJob('deploy', 1),
  again: (world) => world.reportJob('deploy', 1),
  restore: (world) => world.reportJob('deploy', 0),
};
