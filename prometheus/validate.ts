/**
 * `npm run configs:validate [-- <env>...]`: `promtool check config` on each prometheus.<env>.yml and
 * each of its compose variants (prometheus.<env>.ha-longterm.yml, ...), laid out as
 * docker-compose.monitoring.yml mounts it. The config names its rule file relatively
 * (`rules/clicky.rules.yml` and `rules/clicky.slo.rules.yml`, beside /etc/prometheus/prometheus.yml in the container) and its token file
 * (`secrets/metrics_token`, written at start), so promtool run on the file in place cannot find them:
 * this copies the three into a temporary directory in that layout and checks there.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  RULE_FILE as GENERATED_RULES,
  SLO_RULE_FILE as GENERATED_SLO_RULES,
} from '../alerting/generate-rules';
import { exitOnHelp } from '../lib/cli/help';
import { prometheusFile, prometheusVariants } from '../stack/generate-configs';
import { type DeployedEnv, deployedEnvs, METRICS_TOKEN_FILE, RULE_FILE, SLO_RULE_FILE } from './config';

/** Lays out `env`'s config (of `variant`) in `dir` as the compose file mounts it; returns its path there. */
export function layOutAsMounted(env: DeployedEnv, dir: string, variant = ''): string {
  const config = join(dir, 'prometheus.yml');
  copyFileSync(prometheusFile(env, variant), config);
  mkdirSync(dirname(join(dir, RULE_FILE)), { recursive: true });
  copyFileSync(GENERATED_RULES, join(dir, RULE_FILE));
  copyFileSync(GENERATED_SLO_RULES, join(dir, SLO_RULE_FILE));
  // Written from .env at start in the container; promtool checks that it exists, not what it holds.
  mkdirSync(dirname(join(dir, METRICS_TOKEN_FILE)), { recursive: true });
  writeFileSync(join(dir, METRICS_TOKEN_FILE), 'token');
  return config;
}

/** promtool's verdict on `env`'s config: its exit status (null when promtool is missing) and output. */
export function validate(env: DeployedEnv, variant = ''): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), `prometheus-${env}-`));
  try {
    const result = spawnSync('promtool', ['check', 'config', layOutAsMounted(env, dir, variant)], {
      encoding: 'utf8',
    });
    if (result.error) return { status: null, output: `promtool: ${result.error.message}` };
    return { status: result.status, output: `${result.stdout}${result.stderr}`.replaceAll(dir, env) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(argv: readonly string[]): number {
  exitOnHelp(
    {
      usage: 'npm run configs:validate [-- <env>...]',
      summary:
        `promtool check config on prometheus/prometheus.<env>.yml and its variants (default: ${deployedEnvs.join(', ')}), ` +
        'each with its rule file and token file laid out as docker-compose.monitoring.yml mounts them.',
    },
    argv,
  );
  const unknown = argv.filter((env) => !(deployedEnvs as readonly string[]).includes(env));
  if (unknown.length > 0) {
    console.error(
      `configs:validate: unknown environment ${unknown.join(', ')} (one of ${deployedEnvs.join(', ')})`,
    );
    return 64;
  }
  let failed = 0;
  for (const env of argv.length > 0 ? (argv as DeployedEnv[]) : deployedEnvs) {
    for (const { variant } of prometheusVariants) {
      const { status, output } = validate(env, variant);
      if (status === null) {
        console.error(
          `configs:validate: promtool not found: install it with \`npm run setup\` (Debian package prometheus)`,
        );
        return 69;
      }
      console.log(`prometheus.${env}${variant}.yml: ${status === 0 ? 'valid' : 'INVALID'}\n${output.trim()}`);
      if (status !== 0) failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
