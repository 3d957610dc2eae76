/**
 * The whole relay with RELAY_BOT=polling, the fake Telegram and the real Alertmanager: a firing alert
 * arrives with buttons, a member's press silences it (amtool sees it) and edits the message, a
 * stranger's press is refused, and the resolved alert takes the buttons away.
 */
import type { InlineKeyboard } from '../../../../alerting/relay/bot/keyboard';
import { postWebhook, testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { postAlerts, startAlertmanager, type TestAlertmanager } from '../../../support/alertmanager-server';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { type InProcessRelay, startInProcessRelay } from '../../../support/in-process-relay';
import { waitFor } from '../../../support/wait';
import { runTool } from '../../tools';

jest.setTimeout(60_000);
const CHAT = '-1001234567890';
let alertmanager: TestAlertmanager;
let tg: FakeTelegram;
let relay: InProcessRelay;

beforeAll(async () => {
  alertmanager = await startAlertmanager({
    config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] },
  });
  tg = await startFakeTelegram({ limits: false });
  tg.setMember(CHAT, 42, 'member');
  relay = await startInProcessRelay({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: CHAT,
    TELEGRAM_API_URL: tg.url,
    RELAY_COALESCE_MS: '0',
    RELAY_BOT: 'polling',
    RELAY_BOT_SECRET: 'relay-bot-test-secret-of-32-characters-or-more',
    ALERTMANAGER_URL: alertmanager.url,
  });
}, 60_000);
afterAll(async () => {
  await relay?.stop();
  await tg?.close();
  await alertmanager?.stop();
});

const silences = () =>
  JSON.parse(
    runTool('amtool', ['silence', 'query', `--alertmanager.url=${alertmanager.url}`, '-o', 'json']).stdout,
  ) as { createdBy: string }[];
const buttons = (id: number) =>
  ((tg.markupOf(id) as InlineKeyboard | undefined)?.inline_keyboard ?? []).flat();

it('acts on a delivered alert from the chat', async () => {
  const alert = testAlert({ labels: { alertname: 'ApiDown', instance: 'api-1:8080' } });
  expect((await postWebhook(relay.url, webhookPayload([alert]))).status).toBe(200);
  await waitFor('the alert with buttons', () => buttons(1).length === 4, 15_000);
  expect(buttons(1).map((b) => b.text)).toEqual(['🔕 1h', '🔕 4h', '🔕 24h', '👀 Ack']);
  const silence1h = buttons(1)[0]?.callback_data as string;

  tg.press({ id: 7, username: 'stranger' }, 1, silence1h);
  await waitFor('the refusal', () => tg.callbackAnswers().length === 1, 15_000);
  expect(tg.callbackAnswers()[0]?.text).toBe('Sorry, only the on-call team can act on alerts here.');
  expect(silences()).toEqual([]);

  tg.press({ id: 42, username: 'night_ops' }, 1, silence1h);
  await waitFor('the silence', () => tg.callbackAnswers().length === 2, 15_000);
  expect(silences().map((s) => s.createdBy)).toEqual(['@night_ops (telegram:42)']);
  expect(tg.messages()[0]?.text).toContain('🔕 Silenced by @night_ops (telegram:42)');
  expect(buttons(1).map((b) => b.text)).toEqual(['🔔 Unsilence']);

  const resolved = { ...alert, status: 'resolved' as const, endsAt: new Date().toISOString() };
  expect((await postWebhook(relay.url, webhookPayload([resolved], { status: 'resolved' }))).status).toBe(200);
  await waitFor('the buttons gone', () => tg.markupOf(1) === undefined, 15_000);
  expect(
    relay.captured
      .records()
      .filter((r) => r.audit === true)
      .map((r) => `${r.action} ${r.result}`),
  ).toEqual(['silence refused', 'silence ok']);
});

it('lists active silences on /silences, each with a working Unsilence, and ignores strangers', async () => {
  const before = tg.messages().length;
  tg.userMessage({ id: 7, username: 'stranger' }, CHAT, '/help');
  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/silences@fake_bot');
  await waitFor('the answer', () => tg.messages().length === before + 1, 15_000);
  const answer = tg.messages().at(-1);
  expect(answer?.text).toMatch(/^Active silences \(1\)\n1\. 🔕 alertname="ApiDown", .*instance="api-1:8080"/);
  const unsilence = buttons(answer?.message_id ?? 0);
  expect(unsilence.map((b) => b.text)).toEqual(['🔔 Unsilence 1']);

  tg.press({ id: 42, username: 'night_ops' }, answer?.message_id ?? 0, unsilence[0]?.callback_data as string);
  await waitFor('the silence expired', () => silences().length === 0, 15_000);
  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/help');
  await waitFor('the help', () => tg.messages().length === before + 2, 15_000);
  expect(tg.messages().at(-1)?.text).toMatch(/^Alert bot\n/);
});

it('answers /status with the Watchdog age and the queue', async () => {
  const before = tg.messages().length;
  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/status');
  await waitFor('the status', () => tg.messages().length === before + 1, 15_000);
  expect(tg.messages().at(-1)?.text).toMatch(
    /^Pipeline status\nWatchdog: ✅ last seen \d+s ago\nAlerts waiting for Telegram: 0\nTelegram: ok$/,
  );
});

it('answers /alerts with what Alertmanager has firing, grouped, and says so when it is down', async () => {
  await postAlerts(alertmanager.url, [
    { labels: { alertname: 'ApiDown', severity: 'critical', env: 'staging', instance: 'api-1:8080' } },
    { labels: { alertname: 'ApiDown', severity: 'critical', env: 'staging', instance: 'api-2:8080' } },
  ]);
  const before = tg.messages().length;
  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/alerts');
  await waitFor('the alerts', () => tg.messages().length === before + 1, 15_000);
  expect(tg.messages().at(-1)?.text).toMatch(
    /^Firing now \(2\)\n\n🔴 \[staging\] ApiDown · 2 alerts\n• instance=api-1:8080 · since .*\n• instance=api-2:8080 · since /,
  );

  await alertmanager.stop();
  tg.userMessage({ id: 42, username: 'night_ops' }, CHAT, '/alerts');
  await waitFor('the answer', () => tg.messages().length === before + 2, 15_000);
  expect(tg.messages().at(-1)?.text).toBe(
    'Alertmanager is unreachable; nothing was read. Try again in a minute.',
  );
});
