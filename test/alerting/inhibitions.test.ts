/**
 * The inhibit rules, run by a real Alertmanager (Debian's prometheus-alertmanager) with the generated
 * config: alerts are posted to its API and their state read back (the API applies inhibitions on read),
 * so each case takes milliseconds, not a group_wait.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { ALERTMANAGER_FILE } from '../../alerting/generate-rules';
import { postAlerts, startAlertmanager, type TestAlertmanager } from '../support/alertmanager-server';

// Each case starts its own Alertmanager (a fresh one holds no other case's alerts): on a loaded
// machine that start alone may take seconds.
jest.setTimeout(60_000);

type Labels = Record<string, string>;
type State = 'active' | 'suppressed';

/** The generated alertmanager.yml, as it is. */
const config = parse(readFileSync(ALERTMANAGER_FILE, 'utf8')) as Record<string, unknown>;

const describeAlert = (labels: Labels, state: string): string =>
  `${state} ${JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))))}`;

const post = (alerts: Labels[]) =>
  postAlerts(
    am.url,
    alerts.map((labels) => ({ labels })),
  );

/** Every alert it holds, as "state {labels}", sorted. */
async function states(): Promise<string[]> {
  const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as {
    labels: Labels;
    status: { state: string };
  }[];
  return alerts.map((a) => describeAlert(a.labels, a.status.state)).sort();
}

/** Posts the alerts and waits until each has the expected state (the inhibitor learns asynchronously). */
async function expectStates(alerts: [Labels, State][]): Promise<void> {
  await post(alerts.map(([labels]) => labels));
  const want = alerts.map(([labels, state]) => describeAlert(labels, state)).sort();
  const deadline = Date.now() + 20_000;
  let got = await states();
  while (JSON.stringify(got) !== JSON.stringify(want) && Date.now() < deadline) {
    await sleep(100);
    got = await states();
  }
  expect(got).toEqual(want);
}

let am: TestAlertmanager;
beforeEach(async () => {
  am = await startAlertmanager({ config });
});
afterEach(async () => {
  await am?.stop();
});

it('runs the config with the required flags and no warning', async () => {
  await post([{ alertname: 'DiskSpaceLow', severity: 'warning', cooldown: '1h' }]);
  expect(am.log()).not.toContain('level=warn');
});

it('DiskSpaceCritical silences DiskSpaceLow of the same mount only', async () => {
  const disk = { instance: 'host:9100' };
  await expectStates([
    [{ alertname: 'DiskSpaceCritical', severity: 'critical', ...disk, mountpoint: '/' }, 'active'],
    [{ alertname: 'DiskSpaceLow', severity: 'warning', ...disk, mountpoint: '/' }, 'suppressed'],
    [{ alertname: 'DiskSpaceLow', severity: 'warning', ...disk, mountpoint: '/data' }, 'active'],
  ]);
});

it('ServiceDown silences the errors and latency of the same service only', async () => {
  await expectStates([
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
  await expectStates([
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
  await expectStates([
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
  await expectStates([
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
  await expectStates([
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
  await expectStates([
    [{ alertname: 'RelayDown', severity: 'critical', job: 'clicky-relay', env: 'production' }, 'active'],
    [failing('webhook'), 'suppressed'],
    [failing('email'), 'active'],
  ]);
});
