/** The SLOs (one file each in definitions/), their rule groups and alerts. */
import { slos } from './definitions';
import { sloRuleGroup } from './rules';

export { slos };

export const sloRuleGroups = slos.map((slo) => sloRuleGroup(slo));

export const sloAlerts = sloRuleGroups.flatMap((group) => group.alerts);
