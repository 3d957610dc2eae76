/**
 * A press from the fake Telegram's getUpdates to a silence in the real Alertmanager (read back with
 * amtool), the message edited in place and the query answered; refusals create nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { botAudit } from '../../../../alerting/relay/bot/audit';
import { Authoriser } from '../../../../alerting/relay/bot/authorise';
import { type BotApi, botApi } from '../../../../alerting/relay/bot/bot-api';
import { CallbackSigner } from '../../../../alerting/relay/bot/callback-data';
import { firingKeyboard, type InlineKeyboard } from '../../../../alerting/relay/bot/keyboard';
import { MessageStore, silenceLabels } from '../../../../alerting/relay/bot/message-store';
import {
  type CallbackQuery,
  dropButtons,
  handlePress,
  type PressDeps,
  REFUSALS,
} from '../../../../alerting/relay/bot/press';
import { SilencesClient } from '../../../../alerting/relay/bot/silences';
import { startAlertmanager, type TestAlertmanager } from '../../../support/alertmanager-server';
import { capturedLogger } from '../../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { freePort } from '../../../support/ports';
import { runTool } from '../../tools';

const CHAT = '-1001234567890';
const SECRET = 'press-test-secret-of-at-least-32-characters';
const member = { id: 42, username: 'night_ops' };
const stranger = { id: 7, username: 'passer_by' };
const alerts = [
  { alertname: 'ApiDown', env: 'production', instance: 'api-1:8080', job: 'clicky-api' },
  { alertname: 'ApiDown', env: 'production', instance: 'api-2:8080', job: 'clicky-api' },
];

let alertmanager: TestAlertmanager;
let tg: FakeTelegram;
let api: BotApi;
let dir: string;
let deps: PressDeps;
let registry: Registry;
let log: ReturnType<typeof capturedLogger>;
let offset = 0;

beforeAll(async () => {
  alertmanager = await startAlertmanager({
    config: { route: { receiver: 'null' }, receivers: [{ name: 'null' }] },
  });
}, 60_000);
afterAll(async () => {
  await alertmanager?.stop();
});

beforeEach(async () => {
  tg = await startFakeTelegram({ limits: false });
  tg.setMember(CHAT, member.id, 'member');
  api = botApi({ apiUrl: tg.url, token: tg.token, timeoutMs: 5000 });
  dir = mkdtempSync(join(tmpdir(), 'bot-press-'));
  registry = new Registry();
  log = capturedLogger();
  deps = pressDeps(
    new SilencesClient({ url: alertmanager.url }),
    new MessageStore(dir),
    botAudit(log.logger, registry),
  );
  offset = 0;
});
afterEach(async () => {
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

function pressDeps(silences: SilencesClient, store: MessageStore, audit: PressDeps['audit']): PressDeps {
  return {
    api,
    signer: new CallbackSigner(SECRET),
    authoriser: new Authoriser({ api, chatId: CHAT, adminIds: ['1'] }),
    store,
    silences,
    audit,
    timeZone: 'Asia/Jakarta',
  };
}

/** A group message with the firing buttons, recorded as the relay records it. */
async function sendAlertMessage(): Promise<{ messageId: number; ref: string }> {
  const sent = await api.call<{ message_id: number }>('sendMessage', {
    chat_id: CHAT,
    text: '🔥 ApiDown ×2',
  });
  if (!sent.ok) throw new Error(sent.description);
  const messageId = sent.result.message_id;
  const ref = await deps.store.put(`m${messageId}`, {
    chatId: CHAT,
    messageId,
    text: '🔥 ApiDown ×2',
    html: false,
    labels: silenceLabels(alerts),
    fingerprints: ['a1', 'a2'],
  });
  await api.call('editMessageReplyMarkup', {
    chat_id: CHAT,
    message_id: messageId,
    reply_markup: firingKeyboard(deps.signer, ref),
  });
  return { messageId, ref };
}

const button = (messageId: number, text: string) =>
  (tg.markupOf(messageId) as InlineKeyboard).inline_keyboard.flat().find((b) => b.text === text)
    ?.callback_data as string;

/** Presses through the fake's getUpdates, as the poller reads them, and handles the press. */
async function press(user: { id: number; username?: string }, messageId: number, data: string, with_ = deps) {
  tg.press(user, messageId, data);
  const updates = await api.call<{ update_id: number; callback_query: CallbackQuery }[]>('getUpdates', {
    offset,
  });
  if (!updates.ok) throw new Error(updates.description);
  for (const update of updates.result) {
    offset = update.update_id + 1;
    await handlePress(update.callback_query, with_);
  }
  return tg.callbackAnswers().at(-1);
}

const silencesOf = (filter: string) =>
  JSON.parse(
    runTool('amtool', ['silence', 'query', `--alertmanager.url=${alertmanager.url}`, '-o', 'json', filter])
      .stdout,
  ) as { id: string; createdBy: string; matchers: { name: string; value: string }[] }[];

const actions = async () =>
  (await registry.getSingleMetricAsString('relay_bot_actions_total'))
    .split('\n')
    .filter((l) => !l.startsWith('#'));

describe('a button press', () => {
  it('silences the group in Alertmanager, edits the message, and Unsilence undoes it', async () => {
    const { messageId } = await sendAlertMessage();
    const answer = await press(member, messageId, button(messageId, '🔕 4h'));
    expect(answer?.text).toMatch(/^Silenced until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB$/);

    const [silence, ...others] = silencesOf('alertname=ApiDown');
    expect(others).toEqual([]);
    expect(silence?.createdBy).toBe('@night_ops (telegram:42)');
    expect(silence?.matchers.map((m) => `${m.name}=${m.value}`).sort()).toEqual([
      'alertname=ApiDown',
      'env=production',
      'job=clicky-api',
    ]);
    expect(tg.messages()[0]?.text).toMatch(
      /\n\n🔕 Silenced by @night_ops \(telegram:42\) at .* WIB until .* WIB$/,
    );
    expect((tg.markupOf(messageId) as InlineKeyboard).inline_keyboard.flat().map((b) => b.text)).toEqual([
      '🔔 Unsilence',
    ]);
    expect(log.records().find((r) => r.audit === true)).toMatchObject({
      action: 'silence',
      result: 'ok',
      user_id: 42,
      silence_id: silence?.id,
      matchers: { alertname: 'ApiDown', env: 'production', job: 'clicky-api' },
    });

    expect((await press(member, messageId, button(messageId, '🔔 Unsilence')))?.text).toBe('Silence expired');
    expect(silencesOf('alertname=ApiDown')).toEqual([]);
    expect(tg.messages()[0]?.text).toBe('🔥 ApiDown ×2');
    expect((tg.markupOf(messageId) as InlineKeyboard).inline_keyboard.flat().map((b) => b.text)).toEqual([
      '🔕 1h',
      '🔕 4h',
      '🔕 24h',
      '👀 Ack',
    ]);
    expect(await actions()).toEqual(
      expect.arrayContaining([
        'relay_bot_actions_total{action="silence",result="ok"} 1',
        'relay_bot_actions_total{action="unsilence",result="ok"} 1',
      ]),
    );
  });

  it('acknowledges without a silence', async () => {
    const { messageId } = await sendAlertMessage();
    expect((await press(member, messageId, button(messageId, '👀 Ack')))?.text).toBe('Acknowledged');
    expect(silencesOf('alertname=ApiDown')).toEqual([]);
    expect(tg.messages()[0]?.text).toMatch(/👀 Acknowledged by @night_ops \(telegram:42\) at /);
  });

  it("refuses a forged, an expired and a stranger's press, creating nothing and answering each", async () => {
    const { messageId, ref } = await sendAlertMessage();
    const good = button(messageId, '🔕 1h');
    const forged = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await press(member, messageId, forged)).toMatchObject({
      text: REFUSALS.invalid,
      show_alert: true,
    });
    const stale = new CallbackSigner(SECRET, 1000, () => Date.now() - 60_000).sign('1', ref);
    expect(await press(member, messageId, stale)).toMatchObject({ text: REFUSALS.invalid });
    expect(await press(stranger, messageId, good)).toMatchObject({ text: REFUSALS.stranger });
    expect(silencesOf('alertname=ApiDown')).toEqual([]);
    expect(tg.messages()[0]?.text).toBe('🔥 ApiDown ×2');
    expect(await actions()).toEqual(
      expect.arrayContaining([
        'relay_bot_actions_total{action="unknown",result="forged"} 1',
        'relay_bot_actions_total{action="unknown",result="expired"} 1',
        'relay_bot_actions_total{action="silence",result="refused"} 1',
      ]),
    );
    expect(log.records().filter((r) => r.audit === true && r.result === 'refused')).toEqual([
      expect.objectContaining({
        user_id: 7,
        username: 'passer_by',
        reason: 'not a member of the alert chat (left)',
      }),
    ]);
  });

  it('tells the user when Alertmanager is down, and changes nothing', async () => {
    const { messageId } = await sendAlertMessage();
    const down = pressDeps(
      new SilencesClient({ url: `http://127.0.0.1:${await freePort()}` }),
      deps.store,
      deps.audit,
    );
    const answer = await press(member, messageId, button(messageId, '🔕 1h'), down);
    expect(answer).toEqual(
      expect.objectContaining({
        text: 'Alertmanager is unreachable; nothing was silenced. Try again in a minute.',
        show_alert: true,
      }),
    );
    expect(tg.messages()[0]?.text).toBe('🔥 ApiDown ×2');
    expect(button(messageId, '🔕 1h')).toBeDefined();
  });

  it('keeps records across a restart and drops the buttons once resolved', async () => {
    const { messageId, ref } = await sendAlertMessage();
    const reloaded = new MessageStore(dir);
    await reloaded.load();
    expect(reloaded.get(ref)?.labels).toEqual(silenceLabels(alerts));
    await dropButtons({ api, store: reloaded }, ref);
    expect(tg.markupOf(messageId)).toBeUndefined();
    expect(reloaded.get(ref)).toBeUndefined();
  });
});
