/** Composes the area files; nothing is defined here. */

import { sloAlerts } from '../slo';
import { availability } from './availability';
import { disk } from './disk';
import { errors } from './errors';
import { jobs } from './jobs';
import { latency } from './latency';
import { metaGroups } from './meta';
import { linkPanels } from './panels';
import { tls } from './tls';
import type { AlertDefinition, RuleGroup } from './types';

/** Each rule with the dashboard panel that explains it (./panels.ts). */
export const ruleGroups: RuleGroup[] = linkPanels([
  availability,
  errors,
  latency,
  disk,
  jobs,
  tls,
  ...metaGroups,
]);

/** Every alert, the SLOs' burn-rate alerts (their own rule file) included: Alertmanager routes them all. */
export const allRules: AlertDefinition[] = [...ruleGroups.flatMap((group) => group.rules), ...sloAlerts];
