/**
 * Webhook mode in the whole relay with the fake Telegram: the relay sets the webhook with its secret
 * token at start, POST /telegram/webhook refuses a missing (401) or wrong (403) secret without
 * handling the update, and feeds a genuine one to the same handler as polling (a press, a command).
 */
import type { InlineKeyboard } from '../../../../alerting/relay/bot/keyboard';
import { SECRET_HEADER, WEBHOOK_PATH } from '../../../../alerting/relay/bot/webhook';
import { postWebhook, testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { type InProcessRelay, startInProcessRelay } from '../../../support/in-process-relay';
import { freePort } from '../../../support/ports';
import { waitFor } from '../../../support/wait';

jest.setTimeout(60_000);
const CHAT = '-1001234567890';
const HOOK_SECRET = 'webhook-secret-token_of-32-or-more-chars';
const PUBLIC_URL = 'https://relay.example.org/telegram/webhook';
let tg: FakeTelegram;
let relay: InProcessRelay;

beforeAll(async () => {
  tg = await startFakeTelegram({ limits: false });
  tg.setMember(CHAT, 42, 'member');
  relay = await startInProcessRelay({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: CHAT,
    TELEGRAM_API_URL: tg.url,
    RELAY_COALESCE_MS: '0',
    RELAY_BOT: 'webhook',
    RELAY_BOT_SECRET: 'relay-bot-test-secret-of-32-characters-or-more',
    RELAY_BOT_WEBHOOK_URL: PUBLIC_URL,
    RELAY_BOT_WEBHOOK_SECRET: HOOK_SECRET,
    // Acks and /help need no Alertmanager: nothing listens here.
    ALERTMANAGER_URL: `http://127.0.0.1:${await freePort()}`,
  });
}, 60_000);
afterAll(async () => {
  await relay?.stop();
  await tg?.close();
});

/** What Telegram does with the queued updates: POST each to the webhook, with `secret` if given. */
async function deliver(secret?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const update of tg.takeUpdates()) {
    const response = await fetch(`${relay.url}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret ? { [SECRET_HEADER]: secret } : {}) },
      body: JSON.stringify(update),
    });
    statuses.push(response.status);
  }
  return statuses;
}

it('sets the webhook with its secret token at start', async () => {
  await waitFor('setWebhook', () => tg.webhook() !== undefined, 15_000);
  expect(tg.webhook()).toEqual({ url: PUBLIC_URL, secret_token: HOOK_SECRET });
});

it('handles a press only with the right secret, on every call', async () => {
  const alert = testAlert({ labels: { alertname: 'ApiDown', instance: 'api-1:8080' } });
  expect((await postWebhook(relay.url, webhookPayload([alert]))).status).toBe(200);
  const buttons = () => ((tg.markupOf(1) as InlineKeyboard | undefined)?.inline_keyboard ?? []).flat();
  await waitFor('the alert with buttons', () => buttons().length === 4, 15_000);
  const ack = buttons()[3]?.callback_data as string;

  tg.press({ id: 42, username: 'night_ops' }, 1, ack);
  expect(await deliver()).toEqual([401]);
  tg.press({ id: 42, username: 'night_ops' }, 1, ack);
  expect(await deliver(`${HOOK_SECRET.slice(0, -1)}X`)).toEqual([403]);
  expect(tg.callbackAnswers()).toEqual([]);

  tg.press({ id: 42, username: 'night_ops' }, 1, ack);
  expect(await deliver(HOOK_SECRET)).toEqual([200]);
  expect(tg.callbackAnswers().map((a) => a.text)).toEqual(['Acknowledged']);
  expect(tg.messages()[0]?.text).toContain('👀 Acknowledged by @night_ops (telegram:42)');

  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/help');
  expect(await deliver(HOOK_SECRET)).toEqual([200]);
  await waitFor('the help', () => tg.messages().length === 2, 15_000);
  expect(tg.messages()[1]?.text).toMatch(/^Alert bot\n/);
});

it('refuses a body that is not an update', async () => {
  const response = await fetch(`${relay.url}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SECRET_HEADER]: HOOK_SECRET },
    body: '{"hello":1}',
  });
  expect(response.status).toBe(400);
});
