/**
 * The inhibit rules, run by a real Alertmanager (Debian's prometheus-alertmanager) with the generated
 * config: alerts are posted to its API and their state read back (the API applies inhibitions on read),
 * so each case takes milliseconds, not a group_wait.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { requiredFlags } from '../../alerting/alertmanager/settings';
import { ALERTMANAGER_FILE } from '../../alerting/generate-rules';
import { freePort } from '../support/ports';

type Labels = Record<string, string>;
type State = 'active' | 'suppressed';

interface Alertmanager {
  post(alerts: Labels[]): Promise<void>;
  /** Every alert it holds, as "state {labels}", sorted. */
  states(): Promise<string[]>;
  log(): string;
  stop(): Promise<void>;
}

const describeAlert = (labels: Labels, state: string): string =>
  `${state} ${JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))))}`;

async function startAlertmanager(): Promise<Alertmanager> {
  const port = await freePort();
  const storage = mkdtempSync(join(tmpdir(), 'alertmanager-'));
  const child = spawn(
    'prometheus-alertmanager',
    [
      `--config.file=${ALERTMANAGER_FILE}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...requiredFlags,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = once(child, 'exit');
  const origin = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 10_000;
  while (
    !(await fetch(`${origin}/-/ready`).then(
      (res) => res.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`alertmanager did not start: ${log}`);
    await sleep(100);
  }

  return {
    async post(alerts) {
      const res = await fetch(`${origin}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts.map((labels) => ({ labels }))),
      });
      if (!res.ok) throw new Error(`POST alerts: ${res.status} ${await res.text()}`);
    },
    async states() {
      const alerts = (await (await fetch(`${origin}/api/v2/alerts`)).json()) as {
        labels: Labels;
        status: { state: string };
      }[];
      return alerts.map((a) => describeAlert(a.labels, a.status.state)).sort();
    },
    log: () => log,
    async stop() {
      child.kill('SIGKILL');
      await exited;
      rmSync(storage, { recursive: true, force: true });
    },
  };
}

/** Posts the alerts and waits until each has the expected state (the inhibitor learns asynchronously). */
async function expectStates(am: Alertmanager, alerts: [Labels, State][]): Promise<void> {
  await am.post(alerts.map(([labels]) => labels));
  const want = alerts.map(([labels, state]) => describeAlert(labels, state)).sort();
  const deadline = Date.now() + 5000;
  let got = await am.states();
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
    await sleep(100);
    got = await am.states();
  }
  expect(got).toEqual(want);
}

let am: Alertmanager;
beforeEach(async () => {
  am = await startAlertmanager();
});
afterEach(async () => {
  await am.stop();
});

it('runs the config with the required flags and no warning', async () => {
  await am.post([{ alertname: 'DiskSpaceLow', severity: 'warning', cooldown: '1h' }]);
  expect(am.log()).not.toContain('level=warn');
});

it('DiskSpaceCritical silences DiskSpaceLow of the same mount only', async () => {
  const disk = { instance: 'host:9100' };
  await expectStates(am, [
    [{ alertname: 'DiskSpaceCritical', severity: 'critical', ...disk, mountpoint: '/' }, 'active'],
    [{ alertname: 'DiskSpaceLow', severity: 'warning', ...disk, mountpoint: '/' }, 'suppressed'],
    [{ alertname: 'DiskSpaceLow', severity: 'warning', ...disk, mountpoint: '/data' }, 'active'],
  ]);
});

it('ServiceDown silences the errors and latency of the same service only', async () => {
  await expectStates(am, [
    [
      { alertname: 'ServiceDown', severity: 'critical', service: 'minio', monitor: 'minio-console' },
      'active',
    ],
    [{ alertname: 'HighErrorRate', severity: 'error', service: 'minio', job: 'minio' }, 'suppressed'],
    [{ alertname: 'SlowResponse', severity: 'warning', service: 'minio', job: 'minio' }, 'suppressed'],
    [{ alertname: 'HighErrorRate', severity: 'error', service: 'clicky-api', job: 'clicky-api' }, 'active'],
  ]);
});

it('DatabaseDown silences the API symptoms it causes, not the API liveness probe', async () => {
  const api = { service: 'clicky-api', job: 'clicky-api' };
  await expectStates(am, [
    [{ alertname: 'DatabaseDown', severity: 'critical', service: 'db', job: 'clicky-exporter' }, 'active'],
    [{ alertname: 'HighErrorRate', severity: 'error', ...api }, 'suppressed'],
    [{ alertname: 'SlowResponse', severity: 'warning', ...api }, 'suppressed'],
    [{ alertname: 'SlowResponse', severity: 'warning', service: 'clicky-exporter' }, 'active'],
    [
      { alertname: 'ServiceDown', severity: 'critical', service: 'clicky-api', monitor: 'api-ready' },
      'suppressed',
    ],
  ]);
});

it('RedisDown silences the failing readiness probe but not a failing liveness probe', async () => {
  await expectStates(am, [
    [{ alertname: 'RedisDown', severity: 'error', service: 'redis', job: 'clicky-exporter' }, 'active'],
    [
      { alertname: 'ServiceDown', severity: 'critical', service: 'clicky-api', monitor: 'api-ready' },
      'suppressed',
    ],
    [
      { alertname: 'ServiceDown', severity: 'critical', service: 'clicky-api', monitor: 'api-health' },
      'active',
    ],
  ]);
});

it("one environment's cause never silences another environment's alerts", async () => {
  const api = { service: 'clicky-api', job: 'clicky-api' };
  await expectStates(am, [
    [{ alertname: 'DatabaseDown', severity: 'critical', service: 'db', env: 'staging' }, 'active'],
    [{ alertname: 'HighErrorRate', severity: 'error', ...api, env: 'staging' }, 'suppressed'],
    [{ alertname: 'HighErrorRate', severity: 'error', ...api, env: 'production' }, 'active'],
  ]);
});

it('ExporterDown, RelayDown and PushgatewayDown silence the TargetDown of their own job and environment', async () => {
  const target = (job: string, env: string) => ({
    alertname: 'TargetDown',
    severity: 'warning',
    job,
    instance: `${job}:1`,
    env,
  });
  await expectStates(am, [
    [{ alertname: 'ExporterDown', severity: 'warning', job: 'clicky-exporter', env: 'production' }, 'active'],
    [{ alertname: 'RelayDown', severity: 'critical', job: 'clicky-relay', env: 'production' }, 'active'],
    [target('clicky-exporter', 'production'), 'suppressed'],
    [target('clicky-relay', 'production'), 'suppressed'],
    [target('clicky-exporter', 'staging'), 'active'],
    [target('node', 'production'), 'active'],
  ]);
});

it("RelayDown silences the webhook's failing notifications, not the email's", async () => {
  const failing = (integration: string) => ({
    alertname: 'AlertmanagerNotificationsFailing',
    severity: 'error',
    integration,
    env: 'production',
  });
  await expectStates(am, [
    [{ alertname: 'RelayDown', severity: 'critical', job: 'clicky-relay', env: 'production' }, 'active'],
    [failing('webhook'), 'suppressed'],
    [failing('email'), 'active'],
  ]);
});
