/**
 * Writes the Prometheus rule files (alerting/rules/*.ts, alerting/slo/) and the Alertmanager config from alerting/rules/*.ts (`npm run rules`).
 * With --check it writes nothing and exits 1 if a committed file differs from what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { CHECK_OPTION, exitOnHelp } from '../lib/cli/help';
import { renderAlertmanagerFile } from './alertmanager/config';
import { haAlertmanagerConfig } from './alertmanager/ha';
import { allRules, ruleGroups } from './rules';
import { renderRuleFile } from './rules/render';
import { sloRuleGroups } from './slo';
import { renderSloRuleFile } from './slo/render';

const root = resolve(__dirname, '..');

export const RULE_FILE = resolve(root, 'alerting/rules/generated/clicky.rules.yml');
/** The SLOs' recording rules and burn-rate alerts (alerting/slo/), beside the spec's alerts. */
export const SLO_RULE_FILE = resolve(root, 'alerting/rules/generated/clicky.slo.rules.yml');
export const ALERTMANAGER_FILE = resolve(root, 'alerting/alertmanager/alertmanager.yml');
/** The Alertmanager cluster's (compose profile `ha`): every relay webhook sent to both relays. */
export const ALERTMANAGER_HA_FILE = resolve(root, 'alerting/alertmanager/alertmanager.ha.yml');

export function generatedFiles(): { path: string; content: string }[] {
  return [
    { path: RULE_FILE, content: renderRuleFile(ruleGroups) },
    { path: SLO_RULE_FILE, content: renderSloRuleFile(sloRuleGroups) },
    { path: ALERTMANAGER_FILE, content: renderAlertmanagerFile(allRules) },
    {
      path: ALERTMANAGER_HA_FILE,
      content: renderAlertmanagerFile(allRules, haAlertmanagerConfig(allRules)),
    },
  ];
}

const readOrEmpty = (path: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

function main(check: boolean): number {
  const files = generatedFiles();
  if (!check) {
    for (const { path, content } of files) writeFileSync(path, content);
    console.log(`wrote ${files.map((f) => relative(root, f.path)).join(', ')}`);
    return 0;
  }
  const stale = files.filter(({ path, content }) => readOrEmpty(path) !== content);
  for (const { path } of stale) {
    console.error(`${relative(root, path)} is out of date: run \`npm run rules\` and commit the result`);
  }
  return stale.length === 0 ? 0 : 1;
}

if (require.main === module) {
  exitOnHelp({
    usage: 'npm run rules [-- --check]   (npm run rules:check)',
    summary:
      "Writes the Prometheus alert rules YAML and Alertmanager's configuration from alerting/rules/ " +
      'and alerting/alertmanager/.',
    options: [CHECK_OPTION],
  });
  process.exitCode = main(process.argv.includes('--check'));
}
