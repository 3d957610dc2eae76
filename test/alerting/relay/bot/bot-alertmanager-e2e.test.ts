/**
 * The bot end to end through the real Alertmanager: an alert posted to Alertmanager reaches the relay
 * by its webhook (as in test/alerting/e2e.test.ts) and arrives in the fake Telegram with buttons; a
 * member's 🔕 creates a silence amtool shows, and Alertmanager stops re-notifying: with a 2 s
 * repeat_interval the relay counts the alert's notifications, which grow before the press and stay
 * put over several repeat intervals after it, and resume after Unsilence. Forged and expired callbacks and a stranger's press
 * create no silence. Waits are generous; nothing here measures speed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallbackSigner } from '../../../../alerting/relay/bot/callback-data';
import type { InlineKeyboard } from '../../../../alerting/relay/bot/keyboard';
import { REFUSALS } from '../../../../alerting/relay/bot/press';
import { postAlerts, startAlertmanager, type TestAlertmanager } from '../../../support/alertmanager-server';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { type InProcessRelay, startInProcessRelay } from '../../../support/in-process-relay';
import { scrapedValue } from '../../../support/metrics';
import { freePort } from '../../../support/ports';
import { waitFor } from '../../../support/wait';
import { runTool } from '../../tools';

jest.setTimeout(180_000);
const CHAT = '-1001234567890';
const SECRET = 'bot-e2e-secret-of-at-least-32-characters';
const TOKEN = 'bot-e2e-webhook-token-0123456789';
const REPEAT_SECONDS = 2;
const labels = { alertname: 'BotE2eProbe', severity: 'critical', env: 'production', instance: 'probe-1' };
let dir: string;
let alertmanager: TestAlertmanager;
let tg: FakeTelegram;
let relay: InProcessRelay;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bot-e2e-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, TOKEN);
  tg = await startFakeTelegram({ limits: false });
  const amPort = await freePort();
  tg.setMember(CHAT, 42, 'member');
  relay = await startInProcessRelay({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: CHAT,
    TELEGRAM_API_URL: tg.url,
    RELAY_WEBHOOK_TOKEN: TOKEN,
    RELAY_COALESCE_MS: '0',
    RELAY_BOT: 'polling',
    RELAY_BOT_SECRET: SECRET,
    // Alertmanager needs the relay's URL and the relay Alertmanager's: its port is chosen first.
    ALERTMANAGER_URL: `http://127.0.0.1:${amPort}`,
  });
  alertmanager = await startAlertmanager({
    port: amPort,
    config: {
      route: {
        receiver: 'relay',
        group_by: ['alertname'],
        group_wait: '0s',
        group_interval: '1s',
        repeat_interval: `${REPEAT_SECONDS}s`,
      },
      receivers: [
        {
          name: 'relay',
          webhook_configs: [
            {
              url: `${relay.url}/alertmanager/webhook`,
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials_file: tokenFile } },
            },
          ],
        },
      ],
    },
  });
}, 60_000);
afterAll(async () => {
  await relay?.stop();
  await alertmanager?.stop();
  await tg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const silences = () =>
  (
    JSON.parse(
      runTool('amtool', ['silence', 'query', `--alertmanager.url=${alertmanager.url}`, '-o', 'json']).stdout,
    ) as { id: string; createdBy: string; matchers: { name: string; value: string }[] }[]
  ).filter((s) => s.matchers.some((m) => m.value === labels.alertname));
const buttons = (id: number) =>
  ((tg.markupOf(id) as InlineKeyboard | undefined)?.inline_keyboard ?? []).flat();

/** Firing alerts the relay has received from Alertmanager (one per notification here). */
async function notifications(): Promise<number> {
  return (await scrapedValue(relay.url, 'relay_alerts_received_total{status="firing"}')) ?? 0;
}

/**
 * Alerts Alertmanager has marked suppressed (alertmanager_marked_alerts), read from /metrics: the
 * marks are set where an alert is checked against the silences, by a flush of its group or by an
 * API read of alerts (/api/v2/alerts marks what it shows, so it would tell of no flush).
 */
async function suppressedAlerts(): Promise<number | undefined> {
  return scrapedValue(alertmanager.url, 'alertmanager_marked_alerts{state="suppressed"}');
}

async function waitForNotifications(atLeast: number): Promise<void> {
  const giveUpAt = Date.now() + 60_000;
  while ((await notifications()) < atLeast) {
    if (Date.now() > giveUpAt) throw new Error(`fewer than ${atLeast} notifications\n${alertmanager.log()}`);
    await sleep(250);
  }
}

async function press(user: { id: number; username: string }, messageId: number, data: string) {
  const before = tg.callbackAnswers().length;
  tg.press(user, messageId, data);
  await waitFor('the answer to the press', () => tg.callbackAnswers().length === before + 1, 15_000);
  return tg.callbackAnswers().at(-1)?.text;
}

it('silences from Telegram an alert Alertmanager notified, and Alertmanager stops re-notifying it', async () => {
  await postAlerts(alertmanager.url, [{ labels, annotations: { summary: 'Probe failing' } }]);
  await waitFor('the message with buttons', () => buttons(1).length === 4, 60_000);
  expect(tg.messages()[0]?.text).toContain('BotE2eProbe: Probe failing');
  const silence1h = buttons(1)[0]?.callback_data as string;

  // Refused: a stranger, a forged MAC, a button past its expiry (signed with the right key).
  expect(await press({ id: 7, username: 'stranger' }, 1, silence1h)).toBe(REFUSALS.stranger);
  const forged = `${silence1h.slice(0, -1)}${silence1h.endsWith('A') ? 'B' : 'A'}`;
  expect(await press({ id: 42, username: 'night_ops' }, 1, forged)).toBe(REFUSALS.invalid);
  const [action, ref] = silence1h.split('.') as ['1', string];
  const expired = new CallbackSigner(SECRET, 1000).sign(action, ref, Date.now() - 60_000);
  expect(await press({ id: 42, username: 'night_ops' }, 1, expired)).toBe(REFUSALS.invalid);
  expect(silences()).toEqual([]);

  // Alertmanager re-notifies while nothing is silenced: the count this test relies on can grow.
  const early = await notifications();
  await waitForNotifications(early + 2);

  expect(await press({ id: 42, username: 'night_ops' }, 1, silence1h)).toMatch(/^Silenced until /);
  expect(silences().map((s) => s.createdBy)).toEqual(['@night_ops (telegram:42)']);
  expect(tg.messages()[0]?.text).toContain('🔕 Silenced by @night_ops (telegram:42)');
  expect(buttons(1).map((b) => b.text)).toEqual(['🔔 Unsilence']);

  // A notification that passed Alertmanager's silence check just before the silence may still be on
  // its way. Alertmanager flushes a group one flush at a time: once a flush has marked the alert
  // suppressed (nothing here reads its alerts meanwhile), that notification has been delivered.
  await waitFor(
    'a flush to find the alert silenced',
    async () => (await suppressedAlerts()) === 1,
    15_000,
    100,
  );
  const afterSilence = await notifications();
  await sleep(6 * REPEAT_SECONDS * 1000);
  expect(await notifications()).toBe(afterSilence);
  // Still firing in Alertmanager, only silenced: the quiet is the silence's doing.
  const state = (await (await fetch(`${alertmanager.url}/api/v2/alerts?silenced=true`)).json()) as {
    labels: Record<string, string>;
    status: { state: string; silencedBy: string[] };
  }[];
  const ours = state.find((a) => a.labels.alertname === labels.alertname);
  expect(ours?.status).toMatchObject({ state: 'suppressed', silencedBy: [silences()[0]?.id] });

  // Unsilence expires it (amtool lists active silences only) and Alertmanager notifies again.
  const unsilence = buttons(1)[0]?.callback_data as string;
  expect(await press({ id: 42, username: 'night_ops' }, 1, unsilence)).toBe('Silence expired');
  expect(silences()).toEqual([]);
  await waitForNotifications(afterSilence + 1);
});
