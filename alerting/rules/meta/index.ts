/** Meta-monitoring: one file per watched component of the monitoring itself. */
import type { RuleGroup } from '../types';
import { alertmanager } from './alertmanager';
import { logShippingRules } from './log-shipping';
import { prometheus } from './prometheus';
import { pushgateway } from './pushgateway';
import { relay } from './relay';
import { targets } from './targets';
import { watchdog } from './watchdog';

export const metaGroups: RuleGroup[] = [
  targets,
  prometheus,
  alertmanager,
  relay,
  logShippingRules,
  pushgateway,
  watchdog,
];
