/**
 * The compiled `report-job` bin, run as a backup script or CI step would, against a real Pushgateway
 * scraped by a real Prometheus evaluating the generated rules (./job-stack.ts).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../support/ports';
import { type JobStack, startJobStack } from './job-stack';

jest.setTimeout(60_000);

const LAST_SUCCESS = 'clicky_job_last_success_timestamp_seconds';
let stack: JobStack;
beforeAll(async () => {
  stack = await startJobStack();
});
afterAll(() => stack?.stop());

describe('report form', () => {
  it('fires BackupFailed on a failure, keeps the last success through it, and resolves on the next success', async () => {
    const { reportJob, pushed, scraped, alert, resolved } = stack;
    // A good backup: its last success reaches Prometheus with job="backup" (honor_labels).
    const ok = await reportJob(['--job', 'backup', '--exit-code', '0', '--duration', '42']);
    expect(ok).toEqual({ code: 0, stdout: '', stderr: '' });
    const firstSuccess = (await pushed(LAST_SUCCESS, 'backup')) as number;
    expect(Math.abs(firstSuccess - Date.now() / 1000)).toBeLessThan(30);
    await scraped(LAST_SUCCESS, 'backup', firstSuccess);

    // A failed one: BackupFailed fires (for: 0s) with the exit code; the last success is kept.
    await sleep(1100); // so the next success has a later timestamp
    expect((await reportJob(['--job', 'backup', '--exit-code', '2'])).code).toBe(0);
    const firing = await alert('BackupFailed', 'firing');
    expect(firing.labels).toMatchObject({ job: 'backup', severity: 'error' });
    expect(Number(firing.value)).toBe(2);
    expect(await pushed(LAST_SUCCESS, 'backup')).toBe(firstSuccess);
    await scraped(LAST_SUCCESS, 'backup', firstSuccess);
    expect(await pushed('clicky_job_last_exit_code', 'backup')).toBe(2);
    // A run without --duration leaves the previous duration alone.
    expect(await pushed('clicky_job_duration_seconds', 'backup')).toBe(42);

    // The next success resolves it and moves the last success forward.
    expect((await reportJob(['--job', 'backup', '--exit-code', '0'])).code).toBe(0);
    await resolved('BackupFailed');
    const secondSuccess = (await pushed(LAST_SUCCESS, 'backup')) as number;
    expect(secondSuccess).toBeGreaterThan(firstSuccess);
    await scraped(LAST_SUCCESS, 'backup', secondSuccess);
  });

  it('labels the result with --instance', async () => {
    expect((await stack.reportJob(['--job', 'sync', '--exit-code', '1', '--instance', 'host-1'])).code).toBe(
      0,
    );
    expect(await stack.pg.samples('clicky_job_last_exit_code{instance="host-1"')).toEqual([
      expect.stringMatching(
        /^clicky_job_last_exit_code\{instance="host-1",job="sync",run="[-:.0-9TZ]+"\} 1$/,
      ),
    ]);
  });

  it('makes each failed run an alert of its own (cooldown "none"): a second failure in a row is news', async () => {
    const { reportJob, alert, prom } = stack;
    expect((await reportJob(['--job', 'deploy', '--exit-code', '1'])).code).toBe(0);
    const first = await alert('DeploymentFailed', 'firing');
    expect(first.labels.run).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    await sleep(10); // a later run ends at a later millisecond
    expect((await reportJob(['--job', 'deploy', '--exit-code', '1'])).code).toBe(0);
    // The Pushgateway keeps the latest run only: the first run's alert resolves, the second's fires.
    const deadline = Date.now() + 15_000;
    let runs: string[] = [];
    while (Date.now() < deadline) {
      runs = (await prom.alerts())
        .filter((a) => a.labels.alertname === 'DeploymentFailed')
        .map((a) => `${a.state} ${a.labels.run}`);
      if (runs.length === 1 && runs[0] !== `firing ${first.labels.run}`) break;
      await sleep(200);
    }
    expect(runs).toEqual([expect.stringMatching(/^firing \d{4}-/)]);
    expect(runs[0]).not.toBe(`firing ${first.labels.run}`);

    expect((await reportJob(['--job', 'deploy', '--exit-code', '0'])).code).toBe(0);
    await stack.resolved('DeploymentFailed');
  });

  it('exits 69 with a clear message when the Pushgateway is down', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const run = await stack.reportJob([
      '--job',
      'backup',
      '--exit-code',
      '0',
      '--retries',
      '1',
      '--pushgateway',
      down,
    ]);
    expect(run.code).toBe(69);
    expect(run.stderr).toBe(
      `report-job: could not report job backup (exit code 0): POST ${down}/metrics/job/backup: ECONNREFUSED (2 attempts)\n`,
    );
  });
});

describe('wrapper form', () => {
  it('runs the command with its output, reports its exit code and duration, and exits with it', async () => {
    const run = await stack.reportJob([
      '--job',
      'deploy',
      '--',
      'sh',
      '-c',
      'echo deploying; sleep 0.3; exit 4',
    ]);
    expect(run).toEqual({ code: 4, stdout: 'deploying\n', stderr: '' });
    expect(await stack.pushed('clicky_job_last_exit_code', 'deploy')).toBe(4);
    expect(await stack.pushed('clicky_job_duration_seconds', 'deploy')).toBeGreaterThanOrEqual(0.3);
    const firing = await stack.alert('DeploymentFailed', 'firing');
    expect(firing.labels).toMatchObject({ job: 'deploy', severity: 'error' });
  });

  it('reports a command that cannot start as exit code 127', async () => {
    const run = await stack.reportJob(['--job', 'deploy', '--', '/nonexistent/deploy.sh']);
    expect(run.code).toBe(127);
    expect(run.stderr).toMatch(/^report-job: cannot run \/nonexistent\/deploy.sh: spawn .* ENOENT\n$/);
    expect(await stack.pushed('clicky_job_last_exit_code', 'deploy')).toBe(127);
  });

  it('passes SIGTERM on to the command and reports 128 + 15', async () => {
    const { child, result } = stack.startReportJob([
      '--job',
      'deploy',
      '--',
      'sh',
      '-c',
      'echo started; exec sleep 30',
    ]);
    await once(child.stdout, 'data');
    child.kill('SIGTERM');
    expect((await result).code).toBe(143);
    expect(await stack.pushed('clicky_job_last_exit_code', 'deploy')).toBe(143);
  });

  it("keeps the command's exit code when the Pushgateway is down, and says so", async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const run = await stack.reportJob([
      '--job',
      'backup',
      '--retries',
      '0',
      '--pushgateway',
      down,
      '--',
      'true',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('report-job: could not report job backup (exit code 0): ');
    expect(run.stderr).toContain("report-job: exiting with the command's own exit code 0\n");
  });
});

describe('errors and help', () => {
  it('exits 64 with the problems and the usage on bad arguments', async () => {
    const run = await stack.reportJob(['--job', 'backup']);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(
      /^report-job: invalid arguments: --exit-code is required \(or a command after --\)\nusage: report-job/,
    );
  });

  it('exits 78 naming PUSHGATEWAY_URL when it is invalid', async () => {
    const run = await stack.reportJob(['--job', 'backup', '--exit-code', '0'], {
      PUSHGATEWAY_URL: 'pushgateway:9091',
    });
    expect(run.code).toBe(78);
    expect(run.stderr).toBe(
      'report-job: invalid configuration: PUSHGATEWAY_URL: must be a URL starting with http:// or https://\n',
    );
  });

  it('prints the usage with --help, run as an executable (#!/usr/bin/env node) as npm links a bin', () => {
    chmodSync(stack.bin, 0o755);
    const run = spawnSync(stack.bin, ['--help'], {
      encoding: 'utf8',
      env: { PATH: dirname(process.execPath) },
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: report-job --job <name> --exit-code <0-255>/);
  });
});
