/** The SLOs, one file each in definitions/; their rule groups and alerts. */
import { alertDelivery } from './definitions/alert-delivery';
import { apiAvailability } from './definitions/api-availability';
import { apiLatency } from './definitions/api-latency';
import { publicUptime } from './definitions/public-uptime';
import { sloRuleGroup } from './rules';
import type { SloDefinition } from './types';

export const slos: SloDefinition[] = [apiAvailability, apiLatency, publicUptime, alertDelivery];

export const sloRuleGroups = slos.map((slo) => sloRuleGroup(slo));

export const sloAlerts = sloRuleGroups.flatMap((group) => group.alerts);
