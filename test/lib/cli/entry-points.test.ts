/**
 * Every entry point answers --help (and -h, the same helper) with its usage, exit 0, and does
 * nothing else: no server, no file written (the generators are the ones that could).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess } from '../../support/run-process';

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const ENTRY_POINTS = [
  ['exporter', 'exporter/src/main.ts', 'DATABASE_URL'],
  ['relay', 'alerting/relay/main.ts', 'TELEGRAM_BOT_TOKEN'],
  ['summary', 'alerting/summary/main.ts', 'PROMETHEUS_URL'],
  ['stack', 'stack/main.ts', 'STACK_BASE_PORT'],
  ['dashboards', 'dashboards/generate.ts', '--check'],
  ['rules', 'alerting/generate-rules.ts', '--check'],
  ['configs', 'stack/generate-configs.ts', '--check'],
  ['uptime:sync', 'uptime/sync.ts', 'UPTIMEROBOT_API_KEY'],
  ['report-job', 'alerting/jobs/report-job.ts', '--job'],
  ['bench:health', 'bench/health.ts', 'BENCH_ROUNDS'],
  ['bench:metrics', 'bench/metrics.ts', 'BENCH_SCALE'],
  ['bench:relay', 'bench/relay.ts', 'BENCH_BOUND_SECONDS'],
] as const;

/** Modification times of the generated files, to see that asking for help wrote none. */
function generatedTimes(): string {
  const dirs = ['dashboards/generated', 'prometheus', 'loki', 'alerting/rules', 'alerting/alertmanager'];
  return dirs
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((file) => {
        const path = join(root, dir, file);
        return `${path} ${statSync(path).mtimeMs}`;
      }),
    )
    .join('\n');
}

describe('--help on every entry point', () => {
  jest.setTimeout(120_000);

  it.each(ENTRY_POINTS)(
    '%s (%s) prints its usage, naming %s, and exits 0',
    async (_name, file, mentioned) => {
      const before = generatedTimes();
      const flag = file.includes('generate') ? '-h' : '--help';
      const result = await runProcess(tsx, [join(root, file), flag], { HOME: process.env.HOME ?? '/tmp' });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^usage: /i);
      expect(result.stdout).toContain(mentioned);
      expect(generatedTimes()).toBe(before);
    },
  );
});
