/** The fake Telegram's bot methods answer, and refuse, as the Bot API does. */
import { type FakeTelegram, startFakeTelegram } from './fake-telegram';

let tg: FakeTelegram;
const chat = '-1001234567890';
const user = { id: 42, username: 'ops' };

beforeEach(async () => {
  tg = await startFakeTelegram({ limits: false });
});
afterEach(async () => {
  await tg.close();
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read Bot API results of several shapes
type BotAnswer = { ok: boolean; result?: any; description?: string };

async function call(method: string, params: Record<string, unknown>) {
  const res = await fetch(`${tg.url}/bot${tg.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return {
    status: res.status,
    body: (await res.json()) as BotAnswer,
  };
}

const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'x', callback_data: data }]] });

describe('fake Telegram bot methods', () => {
  it('queues presses and messages for getUpdates, forgetting those before the offset', async () => {
    await call('sendMessage', { chat_id: chat, text: 'alert', reply_markup: keyboard('a.b.c.d') });
    const id = tg.press(user, 1, 'a.b.c.d');
    tg.userMessage(user, chat, '/alerts');
    const first = await call('getUpdates', { timeout: 0 });
    expect(first.body.result).toHaveLength(2);
    expect(first.body.result[0].callback_query).toMatchObject({
      id,
      data: 'a.b.c.d',
      from: user,
      message: { message_id: 1 },
    });
    expect(first.body.result[1].message).toMatchObject({ text: '/alerts', from: user });
    const next = first.body.result[1].update_id + 1;
    expect((await call('getUpdates', { offset: next })).body.result).toEqual([]);
  });

  it('answers a callback query once; again is "query is too old"', async () => {
    await call('sendMessage', { chat_id: chat, text: 'alert' });
    const id = tg.press(user, 1, 'x');
    expect((await call('answerCallbackQuery', { callback_query_id: id, text: 'Done' })).body.ok).toBe(true);
    expect(await call('answerCallbackQuery', { callback_query_id: id })).toEqual({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
      },
    });
    expect(tg.callbackAnswers()).toEqual([{ callback_query_id: id, text: 'Done' }]);
  });

  it('edits text and markup, refusing an edit that changes nothing or an unknown message', async () => {
    await call('sendMessage', { chat_id: chat, text: 'alert', reply_markup: keyboard('one') });
    expect(tg.markupOf(1)).toEqual(keyboard('one'));
    const edited = await call('editMessageText', {
      chat_id: chat,
      message_id: 1,
      text: 'alert\nsilenced',
      reply_markup: keyboard('two'),
    });
    expect(edited.body.ok).toBe(true);
    expect(tg.messages()[0]?.text).toBe('alert\nsilenced');
    expect(tg.markupOf(1)).toEqual(keyboard('two'));
    const same = await call('editMessageReplyMarkup', {
      chat_id: chat,
      message_id: 1,
      reply_markup: keyboard('two'),
    });
    expect(same.body.description).toMatch(/^Bad Request: message is not modified/);
    expect((await call('editMessageReplyMarkup', { chat_id: chat, message_id: 1 })).body.ok).toBe(true);
    expect(tg.markupOf(1)).toBeUndefined();
    expect((await call('editMessageReplyMarkup', { chat_id: chat, message_id: 99 })).body.description).toBe(
      'Bad Request: message to edit not found',
    );
    expect(
      (await call('sendMessage', { chat_id: chat, text: 'x', reply_markup: keyboard('y'.repeat(65)) })).body
        .description,
    ).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('answers getChatMember from the members set, left otherwise', async () => {
    tg.setMember(chat, 42, 'member');
    expect((await call('getChatMember', { chat_id: chat, user_id: 42 })).body.result.status).toBe('member');
    expect((await call('getChatMember', { chat_id: chat, user_id: 7 })).body.result.status).toBe('left');
  });

  it('refuses getUpdates while a webhook is set, and a webhook without HTTPS', async () => {
    expect((await call('setWebhook', { url: 'http://relay/hook' })).body.description).toBe(
      'Bad Request: bad webhook: An HTTPS URL must be provided for webhook',
    );
    expect((await call('setWebhook', { url: 'https://relay/hook', secret_token: 's3cret' })).body.ok).toBe(
      true,
    );
    expect(tg.webhook()).toEqual({ url: 'https://relay/hook', secret_token: 's3cret' });
    expect((await call('getUpdates', {})).status).toBe(409);
    await call('deleteWebhook', {});
    expect((await call('getUpdates', {})).status).toBe(200);
  });
});
