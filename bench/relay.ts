/**
 * npm run bench:relay
 *
 * An alert storm, 1,000 alerts (50 alert names x 20 instances), delivered to a fake Telegram that
 * enforces the Bot API flood limits (per chat ~1 msg/s with a burst of 3, 20 a minute per group chat,
 * 30 a second overall; 429 with retry_after beyond), two ways in the same run, concurrently, each
 * with its own fake Telegram:
 *
 * - the relay (alerting/relay/main.ts as a process): the alerts are POSTed to its
 *   /alertmanager/webhook as Alertmanager's webhook_configs would (grouped by alertname: 50 POSTs of
 *   20 firing alerts, all at once);
 * - Alertmanager's own telegram_configs (prometheus-alertmanager, group_by [alertname], group_wait
 *   1s, group_interval 1m as our critical route): the same alerts POSTed to its /api/v2/alerts.
 *
 * For each: messages accepted by the fake, 429 answers it gave, alerts lost (never seen in an
 * accepted message within BENCH_BOUND_SECONDS, default 240), and seconds from the first POST to the
 * delivery that completed the last alert. An alert counts as delivered when one accepted message
 * holds both its alertname and its instance.
 *
 * Targets: 0 answers 429, 0 lost, last delivery <= 0.5x Alertmanager's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitOnHelp } from '../lib/cli/help';
import { startAlertmanager, type TestAlertmanager } from '../test/support/alertmanager-server';
import { type FakeTelegram, startFakeTelegram } from '../test/support/fake-telegram';
import { freePort } from '../test/support/ports';
import { type ServiceProcess, startServiceProcess } from '../test/support/service-process';
import {
  STORM_BOT_TOKEN,
  STORM_CHAT,
  STORM_SIZE,
  type StormResult,
  startAlertStorm,
  stormBoundMs,
} from './support/relay-storm';

exitOnHelp({
  usage: 'npm run bench:relay',
  summary:
    "An alert storm (1,000 alerts) through the relay and, in the same run, through Alertmanager's own " +
    'telegram_configs, each against a fake Telegram enforcing its flood limits: messages, 429 answers, ' +
    'alerts lost, seconds to the last delivery. Takes a few minutes; prints progress every 10 s.',
  environment: [['BENCH_BOUND_SECONDS', 'how long to wait for the last delivery (default 240)']],
});

const BOUND_MS = stormBoundMs();
const CHAT = STORM_CHAT;
const BOT_TOKEN = STORM_BOT_TOKEN;

const storm = startAlertStorm(STORM_SIZE);

let dir: string | undefined;
let relay: ServiceProcess | undefined;
let alertmanager: TestAlertmanager | undefined;
const fakes: FakeTelegram[] = [];

async function cleanup(): Promise<void> {
  await Promise.allSettled([relay?.kill(), alertmanager?.stop(), ...fakes.map((f) => f.close())]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

async function benchRelay(tg: FakeTelegram): Promise<StormResult> {
  const port = await freePort();
  relay = startServiceProcess('alerting/relay/main.ts', {
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: CHAT,
    TELEGRAM_API_URL: tg.url,
    RELAY_PORT: String(port),
    RELAY_SPOOL_DIR: join(dir as string, 'spool'),
  });
  await relay.waitForLine((line) => line.message === 'Relay listening', 30_000);
  const url = `http://127.0.0.1:${port}`;
  const start = Date.now();
  const refused = await storm.postToRelay(url);
  if (refused.length > 0)
    console.error(`relay refused ${refused.length} POSTs: ${JSON.stringify(refused[0])}`);
  return storm.watch(tg, start, BOUND_MS, { label: 'relay', print: console.log });
}

async function benchAlertmanager(tg: FakeTelegram): Promise<StormResult> {
  const am = await startAlertmanager({
    config: {
      route: {
        receiver: 'telegram',
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1m',
        repeat_interval: '4h',
      },
      receivers: [
        {
          name: 'telegram',
          telegram_configs: [
            { api_url: tg.url, bot_token: BOT_TOKEN, chat_id: Number(CHAT), parse_mode: 'HTML' },
          ],
        },
      ],
    },
  });
  alertmanager = am;
  const start = Date.now();
  // Prometheus sends batches of up to 64 alerts; one batch per alert name here, all at once.
  const answers = await Promise.all(
    storm.groups.map((group) =>
      fetch(`${am.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(
          group.map((a) => ({
            labels: a.labels,
            annotations: a.annotations,
            startsAt: new Date(start).toISOString(),
            generatorURL: a.generatorURL,
          })),
        ),
      }).then(async (res) => ({ status: res.status, text: await res.text() })),
    ),
  );
  const refused = answers.filter((a) => a.status >= 300);
  if (refused.length > 0)
    console.error(`alertmanager refused ${refused.length} POSTs: ${JSON.stringify(refused[0])}`);
  return storm.watch(tg, start, BOUND_MS, { label: 'alertmanager', print: console.log });
}

function row(name: string, r: StormResult): string {
  const seconds = r.lastDeliveryMs === undefined ? 'never' : (r.lastDeliveryMs / 1000).toFixed(1);
  const bounded = r.lost > 0 ? ` (lost after ${BOUND_MS / 1000} s bound)` : '';
  return `${name.padEnd(30)} ${String(r.messages).padStart(8)} ${String(r.tooMany).padStart(8)} ${String(r.lost).padStart(6)} ${seconds.padStart(10)}${bounded}`;
}

async function main(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'bench-relay-'));
  const tgRelay = await startFakeTelegram({ token: BOT_TOKEN, chats: [CHAT] });
  const tgAm = await startFakeTelegram({ token: BOT_TOKEN, chats: [CHAT] });
  fakes.push(tgRelay, tgAm);
  console.log(
    `Storm: ${storm.total} alerts (${storm.groups.length} names x ${storm.groups[0]?.length} instances), ` +
      `group chat ${CHAT}, bound ${BOUND_MS / 1000} s; relay and Alertmanager run concurrently, each with its own fake Telegram.`,
  );
  const [ours, theirs] = await Promise.all([benchRelay(tgRelay), benchAlertmanager(tgAm)]);

  console.log('');
  console.log(
    `${''.padEnd(30)} ${'messages'.padStart(8)} ${'429s'.padStart(8)} ${'lost'.padStart(6)} ${'last (s)'.padStart(10)}`,
  );
  console.log(row('relay', ours));
  console.log(row('alertmanager telegram_configs', theirs));
  console.log('');
  const ratio =
    ours.lastDeliveryMs !== undefined && theirs.lastDeliveryMs !== undefined
      ? ours.lastDeliveryMs / theirs.lastDeliveryMs
      : undefined;
  const ok = (b: boolean) => (b ? 'OK' : 'MISSED');
  console.log(
    `Targets: 429s ${ours.tooMany} (target 0: ${ok(ours.tooMany === 0)}); lost ${ours.lost} (target 0: ${ok(ours.lost === 0)}); ` +
      `last delivery ${ratio === undefined ? 'n/a' : `${ratio.toFixed(2)}x`} Alertmanager's (target <= 0.5x: ${ok(
        ratio !== undefined && ratio <= 0.5 && theirs.lost === 0,
      )})${theirs.lost > 0 ? `; Alertmanager lost ${theirs.lost} within the bound, its time is a lower bound` : ''}`,
  );
  if (relay?.stderr()) console.error(`relay stderr: ${relay.stderr().slice(0, 2000)}`);
}

process.once('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanup);
