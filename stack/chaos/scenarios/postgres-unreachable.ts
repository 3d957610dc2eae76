import type { Scenario } from '../scenario';

/** The network between the exporter and PostgreSQL is cut (the proxy refuses and resets). */
export const postgresUnreachable: Scenario = {
  name: 'PostgreSQL unreachable',
  expect: { alert: 'DatabaseDown', channel: 'telegram' },
  break: (world) => world.postgres.cut(),
  restore: (world) => world.postgres.restore(),
};
