/**
 * The whole alerting path with the real binaries: a rule's condition becomes true in Prometheus
 * (Debian's prometheus), the alert goes through Alertmanager (prometheus-alertmanager) to the relay
 * (alerting/relay/main.ts as a process) and arrives at the fake Telegram as the spec's message; when
 * the condition clears, the resolution arrives too. Timings are shrunk (1 s scrape, evaluation and
 * group waits); the rule and routing are test-only, the real ones have their own tests.
 *
 * A scrape slower than its 1 s timeout fails and marks the series stale, which would resolve the alert
 * while the condition still holds (an early ✅, then a second 🔴): the rule keeps firing for
 * KEEP_FIRING_FOR past its condition, so only the flip back to 0 resolves it, that much later.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager-server';
import { type FakeTelegram, type FakeTelegramMessage, startFakeTelegram } from '../support/fake-telegram';
import { freePort } from '../support/ports';
import { startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { startRelayProcess } from '../support/relay-process';
import type { ServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

jest.setTimeout(120_000);

const CHAT = '-1001234567890';
const WEBHOOK_TOKEN = 'e2e-webhook-token-0123456789';
const ALERT = 'E2eProbeFailing';
const SUMMARY = 'Probe <b>& failing';
const DESCRIPTION = 'The e2e condition is {{ $value }}: <b>& "quoted" </b>';
/** Longer than any run of failed scrapes on a loaded machine; the resolution comes this much later. */
const KEEP_FIRING_FOR = '10s';

/** The condition Prometheus scrapes, flipped by the test. */
let condition = 0;
let target: Server;
let dir: string;
let tg: FakeTelegram;
let relay: ServiceProcess | undefined;
let alertmanager: TestAlertmanager | undefined;
let prometheus: TestPrometheus | undefined;

const diagnostics = () =>
  [
    `telegram requests: ${JSON.stringify(tg.requests())}`,
    `relay: ${JSON.stringify(relay?.lines)} ${relay?.stderr()}`,
    `alertmanager: ${alertmanager?.log()}`,
    `prometheus: ${prometheus?.log()}`,
  ].join('\n');

async function waitForMessage(
  what: string,
  predicate: (m: FakeTelegramMessage) => boolean,
  timeoutMs = 45_000,
): Promise<FakeTelegramMessage> {
  try {
    await waitFor(what, () => tg.messages().some(predicate), timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${diagnostics()}`);
  }
  return tg.messages().find(predicate) as FakeTelegramMessage;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'alerting-e2e-'));
  tg = await startFakeTelegram({ chats: [CHAT] });

  target = createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    res
      .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
      .end(`# TYPE e2e_condition gauge\ne2e_condition ${condition}\n`);
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const address = target.address();
  const targetPort = typeof address === 'object' && address ? address.port : 0;

  const relayPort = await freePort();
  relay = await startRelayProcess({
    port: relayPort,
    telegram: tg,
    chatId: CHAT,
    webhookToken: WEBHOOK_TOKEN,
    spoolDir: join(dir, 'spool'),
  });

  const tokenFile = join(dir, 'relay_token');
  writeFileSync(tokenFile, WEBHOOK_TOKEN);
  alertmanager = await startAlertmanager({
    config: {
      route: {
        receiver: 'telegram-relay',
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [
        {
          name: 'telegram-relay',
          webhook_configs: [
            {
              url: `http://127.0.0.1:${relayPort}/alertmanager/webhook`,
              send_resolved: true,
              max_alerts: 0,
              http_config: { authorization: { type: 'Bearer', credentials_file: tokenFile } },
            },
          ],
        },
      ],
    },
  });
  const amPort = alertmanager.port;

  const rules = join(dir, 'rules.yml');
  writeFileSync(
    rules,
    stringify({
      groups: [
        {
          name: 'e2e',
          interval: '1s',
          rules: [
            {
              alert: ALERT,
              expr: 'e2e_condition > 0',
              for: '0s',
              keep_firing_for: KEEP_FIRING_FOR,
              labels: { severity: 'critical', cooldown: '5m' },
              annotations: { summary: SUMMARY, description: DESCRIPTION },
            },
          ],
        },
      ],
    }),
  );
  prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [rules],
      alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
      scrape_configs: [{ job_name: 'e2e', static_configs: [{ targets: [`127.0.0.1:${targetPort}`] }] }],
    },
  });
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([prometheus?.stop(), alertmanager?.stop(), relay?.kill()]);
  await new Promise((resolve) => target?.close(resolve));
  await tg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a firing rule arrives in Telegram as the spec message, and its resolution after it', async () => {
  // Scraped as 0 first, so nothing fires before the flip.
  const deadline = Date.now() + 20_000;
  while ((await (prometheus as TestPrometheus).query('e2e_condition')).length === 0) {
    if (Date.now() > deadline) throw new Error(`e2e_condition was never scraped\n${diagnostics()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(tg.messages()).toEqual([]);

  condition = 1;
  const firing = await waitForMessage('the firing message', (m) => m.text.startsWith('🔴'));
  expect(firing.chat_id).toBe(CHAT);
  expect(firing.parse_mode).toBe('HTML');
  const title = `${ALERT}: ${SUMMARY}`;
  const lines = firing.text.split('\n');
  expect(lines[0]).toBe(`🔴 ${title}`);
  expect(firing.entities).toContainEqual({
    type: 'bold',
    offset: '🔴 '.length,
    length: title.length,
  });
  expect(lines[1]).toBe('The e2e condition is 1: <b>& "quoted" </b>');
  expect(lines[2]).toMatch(/^🕐 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB$/);
  expect(lines[3]).toMatch(/^🏷 instance=127\.0\.0\.1:\d+ · job=e2e$/);
  expect(firing.raw).toContain('&lt;b&gt;&amp;');

  condition = 0;
  const resolved = await waitForMessage('the resolved message', (m) => m.text.startsWith('✅'));
  expect(resolved.parse_mode).toBe('HTML');
  const resolvedLines = resolved.text.split('\n');
  expect(resolvedLines[0]).toBe(`✅ RESOLVED ${title}`);
  expect(resolved.entities).toContainEqual({
    type: 'bold',
    offset: '✅ '.length,
    length: `RESOLVED ${title}`.length,
  });
  expect(resolvedLines[1]).toMatch(/^🕐 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB · lasted \d+[smh](?: \d+[smh])*$/);
  expect(resolved.text).not.toContain('The e2e condition');
  // One of each: Alertmanager's later group_interval posts are deduplicated by the relay.
  expect(tg.messages().map((m) => [...m.text][0])).toEqual(['🔴', '✅']);
});
