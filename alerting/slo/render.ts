import { generatedHeader, prometheusRule, toYaml } from '../rules/render';
import type { SloRuleGroup } from './rules';

/** Recordings first: the alerts of a group read what the same evaluation has just recorded. */
export function renderSloRuleFile(groups: SloRuleGroup[]): string {
  const file = {
    groups: groups.map((g) => ({
      name: g.name,
      interval: g.interval,
      rules: [...g.recordings, ...g.alerts.map(prometheusRule)],
    })),
  };
  return generatedHeader('alerting/slo/*.ts') + toYaml(file);
}
