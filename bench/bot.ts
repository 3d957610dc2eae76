/**
 * npm run bench:bot
 *
 * Does the bot slow alert delivery? The storm of bench:relay (1,000 alerts, 50 names x 20
 * instances) into the relay (alerting/relay/main.ts as a process, RELAY_BOT=polling) against a fake
 * Telegram enforcing its flood limits, twice in one run, each with a fresh relay and fake:
 *
 * - alone;
 * - while 100 callback presses arrive (👀 Ack / 🔔 Unsilence, as the message shows them, under an
 *   alert delivered just before the storm; every press is answered and edits the message).
 *
 * Both runs first deliver that one alert, so they start from the same rate-limit state. Prints the
 * seconds from the first POST to the delivery that completed the last alert, for both, and the
 * ratio. Target: with presses within 10 % of alone (ratio <= 1.10), no alert lost, every press
 * answered. Figures vary with the machine's load: compare the two runs of one invocation only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InlineKeyboard } from '../alerting/relay/bot/keyboard';
import { exitOnHelp } from '../lib/cli/help';
import { postWebhook, testAlert, webhookPayload } from '../test/support/alertmanager-payload';
import { type FakeTelegram, startFakeTelegram } from '../test/support/fake-telegram';
import { freePort } from '../test/support/ports';
import { startRelayProcess } from '../test/support/relay-process';
import type { ServiceProcess } from '../test/support/service-process';
import {
  STORM_BOT_TOKEN,
  STORM_CHAT,
  STORM_SIZE,
  type StormResult,
  startAlertStorm,
  stormBoundMs,
} from './support/relay-storm';

exitOnHelp({
  usage: 'npm run bench:bot',
  summary:
    'The 1,000-alert storm into the relay with the bot on, alone and while 100 callback presses arrive, ' +
    'against a fake Telegram enforcing its flood limits: seconds to the last delivery of each and the ratio ' +
    '(target <= 1.10). Takes a few minutes; prints progress every 10 s.',
  environment: [['BENCH_BOUND_SECONDS', 'how long to wait for the last delivery of each run (default 240)']],
});

const BOUND_MS = stormBoundMs();
const CHAT = STORM_CHAT;
const BOT_TOKEN = STORM_BOT_TOKEN;
const TOKEN = 'bench-bot-webhook-token-0123456789';
const PRESSES = 100;
const PRESSER = { id: 42, username: 'bench_ops' };
const storm = startAlertStorm(STORM_SIZE);

let dir: string | undefined;
let relay: ServiceProcess | undefined;
let tg: FakeTelegram | undefined;

async function cleanup(): Promise<void> {
  await Promise.allSettled([relay?.kill(), tg?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}

interface Run extends StormResult {
  answered: number;
}

async function run(label: string, presses: number): Promise<Run> {
  dir = mkdtempSync(join(tmpdir(), 'bench-bot-'));
  tg = await startFakeTelegram({ token: BOT_TOKEN, chats: [CHAT] });
  tg.setMember(CHAT, PRESSER.id, 'member');
  const port = await freePort();
  relay = await startRelayProcess({
    port,
    telegram: tg,
    chatId: CHAT,
    webhookToken: TOKEN,
    spoolDir: join(dir, 'spool'),
    env: {
      RELAY_BOT: 'polling',
      RELAY_BOT_SECRET: 'bench-bot-secret-of-at-least-32-characters',
      // Acks need no Alertmanager: nothing listens here.
      ALERTMANAGER_URL: `http://127.0.0.1:${await freePort()}`,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const fake = tg;
  const target = testAlert({ labels: { alertname: 'BotBenchTarget', instance: 'target' } });
  await postWebhook(url, webhookPayload([target]), { token: TOKEN });
  const keyboard = () => ((fake.markupOf(1) as InlineKeyboard | undefined)?.inline_keyboard ?? []).flat();
  while (keyboard().length !== 4) await sleep(100);

  const start = Date.now();
  const pressing = (async () => {
    for (let i = 0; i < presses; i++) {
      // The button the message shows now: 👀 Ack (4th of 4), or 🔔 Unsilence once acknowledged.
      const buttons = keyboard();
      fake.press(PRESSER, 1, (buttons.length === 4 ? buttons[3] : buttons[0])?.callback_data as string);
      await sleep(20);
    }
  })();
  const refused = await storm.postToRelay(url, TOKEN);
  if (refused.length > 0)
    console.error(`relay refused ${refused.length} POSTs: ${JSON.stringify(refused[0])}`);
  const result = await storm.watch(fake, start, BOUND_MS, { label, print: console.log });
  await pressing;
  const giveUp = Date.now() + 60_000;
  while (fake.callbackAnswers().length < presses && Date.now() < giveUp) await sleep(100);
  const answered = fake.callbackAnswers().length;
  await cleanup();
  return { ...result, answered };
}

async function main(): Promise<void> {
  console.log(
    `Storm: ${storm.total} alerts (${storm.groups.length} names x ${storm.groups[0]?.length} instances), ` +
      `bot on (polling), bound ${BOUND_MS / 1000} s; alone, then with ${PRESSES} presses, each with a fresh relay and fake Telegram.`,
  );
  const alone = await run('alone', 0);
  const pressed = await run(`with ${PRESSES} presses`, PRESSES);
  const seconds = (r: Run) =>
    r.lastDeliveryMs === undefined ? 'never' : (r.lastDeliveryMs / 1000).toFixed(1);
  console.log('');
  console.log(
    `alone:                 last delivery ${seconds(alone)} s, lost ${alone.lost}, messages ${alone.messages}`,
  );
  console.log(
    `with ${PRESSES} presses:     last delivery ${seconds(pressed)} s, lost ${pressed.lost}, messages ${pressed.messages}, presses answered ${pressed.answered}/${PRESSES}`,
  );
  const ratio =
    alone.lastDeliveryMs && pressed.lastDeliveryMs
      ? pressed.lastDeliveryMs / alone.lastDeliveryMs
      : undefined;
  const ok = ratio !== undefined && ratio <= 1.1 && alone.lost === 0 && pressed.lost === 0;
  console.log(
    `Ratio with presses / alone: ${ratio === undefined ? 'n/a' : ratio.toFixed(3)} (target <= 1.10, nothing lost: ${ok ? 'OK' : 'MISSED'})`,
  );
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
