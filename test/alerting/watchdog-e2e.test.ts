/**
 * The dead man's switch end to end with the real binaries: Prometheus (Debian's) evaluates the
 * always-firing Watchdog rule (`vector(1)`), Alertmanager (prometheus-alertmanager) routes it on its
 * own route to the relay's POST /alertmanager/watchdog (alerting/relay/main.ts as a process), and
 * when Prometheus, then separately Alertmanager, stops, the relay's own "silent" message arrives at
 * the fake Telegram and GET /health/pipeline turns 503; when it comes back, the recovery message.
 *
 * Alertmanager runs the production config (alerting/alertmanager/alertmanager.yml, made local as the
 * local stack makes it), scaled down: the Watchdog route's group_interval and repeat_interval are 1s
 * instead of 1m, and RELAY_WATCHDOG_TIMEOUT is 15 s instead of 10m. Prometheus's resend delay is 1 s, so Alertmanager lets a
 * Watchdog Prometheus no longer sends expire after 4 s (4 × the resend delay, as Prometheus sets
 * endsAt). Every wait is bounded generously; nothing asserts how fast.
 *
 * The timeout is 15 s, not less: the Watchdog arrives every second or two, and a machine that stalls
 * the pipeline past the timeout makes the relay call it silent on its own. Should one do so anyway,
 * that silence and its end are a pair of their own: the test reads the messages after each stop, and
 * requires every silence to be followed by its end.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { receivers } from '../../alerting/alertmanager/settings';
import { writeAlertmanagerDir } from '../../stack/configs';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager-server';
import { type FakeTelegram, startFakeTelegram } from '../support/fake-telegram';
import { scrapedValue } from '../support/metrics';
import { freePort } from '../support/ports';
import { startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { startRelayProcess } from '../support/relay-process';
import type { ServiceProcess } from '../support/service-process';

jest.setTimeout(240_000);

const CHAT = '-1001234567890';
const WEBHOOK_TOKEN = 'watchdog-e2e-token-0123456789';
const WAIT_MS = 60_000;

let dir: string;
let tg: FakeTelegram;
let relay: ServiceProcess | undefined;
let relayUrl: string;
let alertmanager: TestAlertmanager | undefined;
let alertmanagerConfig: Record<string, unknown>;
let prometheus: TestPrometheus | undefined;
let rulesFile: string;

const diagnostics = () =>
  [
    `telegram: ${JSON.stringify(tg.messages().map((m) => m.text))}`,
    `relay: ${JSON.stringify(relay?.lines.slice(-30))} ${relay?.stderr()}`,
    `alertmanager: ${alertmanager?.log().slice(-3000)}`,
    `prometheus: ${prometheus?.log().slice(-3000)}`,
  ].join('\n');

/** Polls `check` (async) every 250 ms until it holds; fails with the logs after WAIT_MS. */
async function eventually(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const pipelineStatus = async () => (await fetch(`${relayUrl}/health/pipeline`)).status;
const messages = (prefix: string) => tg.messages().filter((m) => m.text.startsWith(prefix));

/** The relay's gauge: when it last heard the Watchdog. */
async function lastSeen(): Promise<number> {
  return (await scrapedValue(relayUrl, 'relay_watchdog_last_seen_timestamp_seconds')) ?? 0;
}

const startProm = (amPort: number) =>
  startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [rulesFile],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
    },
    flags: ['--rules.alert.resend-delay=1s'],
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'watchdog-e2e-'));
  tg = await startFakeTelegram({ chats: [CHAT] });

  const relayPort = await freePort();
  relayUrl = `http://127.0.0.1:${relayPort}`;

  // The production alertmanager.yml (npm run rules), its relay URLs and secrets made local by the
  // local stack's own rewrite, with the Watchdog route's intervals scaled from 1m to 1s.
  const generated = writeAlertmanagerDir(join(dir, 'alertmanager'), {
    relay: `127.0.0.1:${relayPort}`,
    smtp: `127.0.0.1:${await freePort()}`,
    relayToken: WEBHOOK_TOKEN,
  });
  alertmanagerConfig = parse(readFileSync(generated, 'utf8'));
  const routes = (alertmanagerConfig.route as { routes: Record<string, unknown>[] }).routes;
  const watchdogRoute = routes.find((r) => r.receiver === receivers.watchdog);
  if (!watchdogRoute) throw new Error('the generated alertmanager.yml has no Watchdog route');
  Object.assign(watchdogRoute, { group_interval: '1s', repeat_interval: '1s' });
  alertmanager = await startAlertmanager({ config: alertmanagerConfig });

  rulesFile = join(dir, 'rules.yml');
  writeFileSync(
    rulesFile,
    stringify({
      groups: [
        {
          name: 'meta',
          interval: '1s',
          rules: [
            {
              alert: 'Watchdog',
              expr: 'vector(1)',
              labels: { severity: 'none', env: 'staging' },
              annotations: { summary: 'The alerting pipeline works: this alert always fires.' },
            },
          ],
        },
      ],
    }),
  );
  prometheus = await startProm(alertmanager.port);
  // Last, so its start-up grace is not spent waiting for the others to start.
  relay = await startRelayProcess({
    port: relayPort,
    telegram: tg,
    chatId: CHAT,
    webhookToken: WEBHOOK_TOKEN,
    spoolDir: join(dir, 'spool'),
    env: { RELAY_WATCHDOG_TIMEOUT: '15s', APP_ENV: 'staging' },
  });
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), alertmanager?.stop(), relay?.kill()]);
  await tg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('tells the chat when Prometheus stops, and again when Alertmanager stops, and when each returns', async () => {
  const started = Date.now() / 1000;
  await eventually('the first Watchdog at the relay', async () => (await lastSeen()) > started);
  expect(await pipelineStatus()).toBe(200);
  // A machine slow enough to spend the start-up grace before the first Watchdog gets a silence and
  // its end: wait for the pair, and count from there.
  await eventually('no silence left open', () => messages('🚨').length === messages('✅').length);
  const before = tg.messages().length;
  /** The messages starting with `prefix` among those from index `from` on. */
  const since = (from: number, prefix: string) =>
    tg
      .messages()
      .slice(from)
      .filter((m) => m.text.startsWith(prefix));

  // (a) Prometheus stops: nothing sends the Watchdog any more.
  const prometheusStopped = tg.messages().length;
  await prometheus?.stop();
  prometheus = undefined;
  await eventually(
    'the silence message after Prometheus stopped',
    () => since(prometheusStopped, '🚨').length > 0,
  );
  expect(since(prometheusStopped, '🚨')[0]?.text).toMatch(
    /^🚨 \[staging\] Alerting pipeline silent since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB \((\d+[dhms] ?)+\)\n/,
  );
  expect(await pipelineStatus()).toBe(503);

  prometheus = await startProm((alertmanager as TestAlertmanager).port);
  await eventually(
    'the recovery message after Prometheus returned',
    () => since(prometheusStopped, '✅').length > 0,
  );
  expect(since(prometheusStopped, '✅')[0]?.text).toMatch(/^✅ \[staging\] Alerting pipeline back\n/);
  await eventually('/health/pipeline 200 again', async () => (await pipelineStatus()) === 200);

  // (b) Alertmanager stops: Prometheus still evaluates, nothing reaches the relay.
  const port = (alertmanager as TestAlertmanager).port;
  const alertmanagerStopped = tg.messages().length;
  await alertmanager?.stop();
  alertmanager = undefined;
  await eventually(
    'the silence message after Alertmanager stopped',
    () => since(alertmanagerStopped, '🚨').length > 0,
  );
  expect(await pipelineStatus()).toBe(503);

  alertmanager = await startAlertmanager({ config: alertmanagerConfig, port });
  await eventually(
    'the recovery message after Alertmanager returned',
    () => since(alertmanagerStopped, '✅').length > 0,
  );
  await eventually('/health/pipeline 200 again', async () => (await pipelineStatus()) === 200);

  // Only the relay's own messages, each silence followed by its end (the two above, and any a stalled
  // machine added): the Watchdog alert itself never reached the chat.
  const kinds = tg
    .messages()
    .slice(before)
    .map((m) => [...m.text][0])
    .join('');
  expect(kinds).toMatch(/^(?:🚨✅)+$/u);
  expect(tg.messages().every((m) => /^(🚨|✅) \[staging\] Alerting pipeline /.test(m.text))).toBe(true);
});
