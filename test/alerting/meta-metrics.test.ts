/**
 * The meta-monitoring rules read the watchers' own metrics: these are the names the real binaries
 * (Debian's Prometheus 2.42 and Alertmanager 0.25) and this repository's relay and log shipper serve.
 * The rules also run in a real Prometheus scraping itself and Alertmanager: none fails to evaluate,
 * and the Watchdog fires with the targets' `env`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { requiredFlags } from '../../alerting/alertmanager/settings';
import { ALERTMANAGER_FILE, RULE_FILE, SLO_RULE_FILE } from '../../alerting/generate-rules';
import { relayMetrics } from '../../alerting/relay/metrics';
import { alertmanagerSelf, jobs, logShipping, prometheusSelf, relaySelf } from '../../alerting/rules/metrics';
import { logShippingMetrics } from '../../lib/metrics/log-shipping';
import { type Daemon, startDaemonOnFreePort } from '../support/daemon';
import { startPrometheus, type TestPrometheus } from '../support/prometheus-server';

jest.setTimeout(60_000);

const names = (text: string) => new Set([...text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{| )/gm)].map((m) => m[1]));

/** Polls until `probe` is true or the deadline passes; returns its last answer. */
async function poll(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > deadline) return false;
    await sleep(200);
  }
}

const storage = mkdtempSync(join(tmpdir(), 'am-meta-'));
let am: Daemon & { port: number };
let amUrl: string;
let prom: TestPrometheus;
beforeAll(async () => {
  am = await startDaemonOnFreePort('prometheus-alertmanager', (port) => ({
    args: [
      `--config.file=${ALERTMANAGER_FILE}`,
      `--storage.path=${storage}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...requiredFlags,
    ],
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
  }));
  amUrl = `http://127.0.0.1:${am.port}`;
  const target = (job: string, address: string) => ({
    job_name: job,
    static_configs: [{ targets: [address], labels: { env: 'staging' } }],
  });
  prom = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [RULE_FILE, SLO_RULE_FILE],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [amUrl.replace('http://', '')] }] }] },
      // Prometheus's own metrics are read from its /metrics below; one target is enough for `up`.
      scrape_configs: [target(jobs.alertmanager, amUrl.replace('http://', ''))],
    },
  }).catch(async (err) => {
    await am.stop();
    throw err;
  });
});
afterAll(async () => {
  await prom?.stop();
  await am?.stop();
  rmSync(storage, { recursive: true, force: true });
});

it('Prometheus serves the metrics the Prometheus rules read', async () => {
  const wanted = Object.values(prometheusSelf);
  let missing: string[] = wanted;
  // The notification counters appear once Alertmanager is discovered.
  await poll(async () => {
    const served = names(await (await fetch(`${prom.url}/metrics`)).text());
    missing = wanted.filter((name) => !served.has(name));
    return missing.length === 0;
  });
  expect(missing).toEqual([]);
});

it('Alertmanager serves the metrics the Alertmanager rules read, per integration', async () => {
  const text = await (await fetch(`${amUrl}/metrics`)).text();
  const served = names(text);
  expect(Object.values(alertmanagerSelf).filter((name) => !served.has(name))).toEqual([]);
  expect(text).toContain(`${alertmanagerSelf.notificationsFailed}{integration="webhook"}`);
  expect(text).toContain(`${alertmanagerSelf.notificationsFailed}{integration="email"}`);
});

it('the relay and the log shipper register the metrics their rules read', async () => {
  const relay = new Registry();
  relayMetrics(relay);
  const relayNames = new Set((await relay.getMetricsAsJSON()).map((m) => m.name));
  expect(Object.values(relaySelf).filter((name) => !relayNames.has(name))).toEqual([]);

  const shipper = new Registry();
  logShippingMetrics(shipper, { stats: () => undefined } as never);
  const shipperNames = new Set((await shipper.getMetricsAsJSON()).map((m) => m.name));
  expect(Object.values(logShipping).filter((name) => !shipperNames.has(name))).toEqual([]);
});

it('every rule evaluates in the real Prometheus, and the Watchdog fires with env', async () => {
  await poll(async () =>
    (await prom.alerts()).some((a) => a.labels.alertname === 'Watchdog' && a.state === 'firing'),
  );
  const watchdog = (await prom.alerts()).filter((a) => a.labels.alertname === 'Watchdog');
  expect(watchdog.map((a) => a.labels)).toEqual([
    { alertname: 'Watchdog', env: 'staging', severity: 'none', cooldown: '1m' },
  ]);
  // One counter per rule group, every one at 0 (its own /metrics: this Prometheus does not scrape itself).
  const text = await (await fetch(`${prom.url}/metrics`)).text();
  const failures = text
    .split('\n')
    .filter((line) => line.startsWith(`${prometheusSelf.ruleEvaluationFailures}{`));
  expect(failures.length).toBeGreaterThanOrEqual(7);
  expect(failures.filter((line) => !line.endsWith(' 0'))).toEqual([]);
});
