/**
 * The generated Prometheus rules: up to date, accepted by promtool, unit-tested by promtool, and
 * every alert documented.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { generatedFiles, RULE_FILE, SLO_RULE_FILE } from '../../alerting/generate-rules';
import { allRules, ruleGroups } from '../../alerting/rules';
import { prometheusRule, RUNBOOK_BASE_URL, runbookPath } from '../../alerting/rules/render';
import { root, runTool } from './tools';

const testsDir = join(root, 'alerting/rules/tests');
const testFiles = readdirSync(testsDir)
  .filter((name) => name.endsWith('.test.yml'))
  .map((name) => join(testsDir, name));

describe('generated files', () => {
  it.each(generatedFiles().map((f) => [relative(root, f.path), f.content]))(
    '%s is what `npm run rules` writes',
    (path, content) => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(content);
    },
  );
});

describe('promtool', () => {
  it('check rules accepts the rule files, without warnings', () => {
    const result = runTool('promtool', ['check', 'rules', RULE_FILE, SLO_RULE_FILE]);
    expect(result).toMatchObject({ status: 0 });
    expect(result.output).toContain(`SUCCESS: ${ruleGroups.flatMap((g) => g.rules).length} rules found`);
    expect(result.output).not.toMatch(/warn/i);
  });

  it.each(testFiles.map((file) => [relative(root, file)]))('test rules %s passes', (file) => {
    const result = runTool('promtool', ['test', 'rules', file]);
    expect({ status: result.status, output: result.output }).toMatchObject({ status: 0 });
  });

  it('has, for every alert, a test where it fires and one where it stays silent', () => {
    const fires = new Set<string>();
    const silent = new Set<string>();
    for (const file of testFiles) {
      const { tests } = parse(readFileSync(file, 'utf8')) as {
        tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
      };
      for (const check of tests.flatMap((t) => t.alert_rule_test ?? [])) {
        (check.exp_alerts?.length ? fires : silent).add(check.alertname);
      }
    }
    const names = allRules.map((r) => r.alert);
    expect(names.filter((name) => !fires.has(name))).toEqual([]);
    expect(names.filter((name) => !silent.has(name))).toEqual([]);
  });
});

describe.each(allRules.map((rule) => [rule.alert, prometheusRule(rule)] as const))('%s', (alert, rule) => {
  it('has a PascalCase name', () => {
    expect(alert).toMatch(/^(?:[A-Z][a-z0-9]+)+$/);
  });

  it('carries severity and cooldown labels', () => {
    // `none` is the Watchdog's alone: a heartbeat, on a route of its own, never news.
    expect(alert === 'Watchdog' ? ['none'] : ['critical', 'error', 'warning']).toContain(
      rule.labels.severity,
    );
    expect(rule.labels.cooldown).toMatch(/^(?:\d+[mhd]|none)$/);
  });

  it('keeps env: every `by` aggregation keeps it, and no absent() drops it', () => {
    const groupings = [...rule.expr.matchAll(/\bby \(([^)]*)\)/g)].map((m) => m[1]?.split(/,\s*/) ?? []);
    expect(groupings.filter((labels) => !labels.includes('env'))).toEqual([]);
    expect(rule.expr).not.toMatch(/\babsent(?:_over_time)?\(/);
  });

  it('has a summary and a description', () => {
    expect(rule.annotations.summary.trim()).not.toBe('');
    expect(rule.annotations.description.trim()).not.toBe('');
  });

  it('links to its runbook, which exists and covers meaning, checks and actions', () => {
    expect(rule.annotations.runbook_url).toBe(`${RUNBOOK_BASE_URL}/docs/runbooks/${alert}.md`);
    const path = join(root, runbookPath(alert));
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(new RegExp(`^# ${alert}\\b`));
    for (const section of ['## What it means', '## What to check', '## What to do']) {
      expect(text).toContain(section);
    }
  });
});
