/** Composes the area files; nothing is defined here. */
import { availability } from './availability';
import { disk } from './disk';
import { errors } from './errors';
import { jobs } from './jobs';
import { latency } from './latency';
import { metaGroups } from './meta';
import { tls } from './tls';
import type { AlertDefinition, RuleGroup } from './types';

export const ruleGroups: RuleGroup[] = [availability, errors, latency, disk, jobs, tls, ...metaGroups];

export const allRules: AlertDefinition[] = ruleGroups.flatMap((group) => group.rules);
