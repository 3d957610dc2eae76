import { outcomeCode, scrubToken, telegramClient } from '../../../alerting/relay/telegram';
import { FAKE_BOT_TOKEN, type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram';
import { freePort } from '../../support/ports';

let tg: FakeTelegram;
beforeEach(async () => {
  tg = await startFakeTelegram({ chats: ['-1001', '42'], limits: false });
});
afterEach(() => tg.close());

const client = (overrides: Partial<Parameters<typeof telegramClient>[0]> = {}) =>
  telegramClient({ apiUrl: `${tg.url}/`, token: tg.token, chatId: '-1001', timeoutMs: 1000, ...overrides });

describe('sendMessage', () => {
  it('sends HTML or plain text to the chat, without link previews', async () => {
    expect(await client().sendMessage('<b>down</b> &amp; out', { html: true })).toEqual({
      kind: 'sent',
      status: 200,
      messageId: 1,
    });
    expect(await client().sendMessage('<b>plain</b>', { html: false })).toEqual({
      kind: 'sent',
      status: 200,
      messageId: 2,
    });
    expect(tg.messages().map((m) => [m.chat_id, m.text, m.parse_mode])).toEqual([
      ['-1001', 'down & out', 'HTML'],
      ['-1001', '<b>plain</b>', undefined],
    ]);
    expect(tg.messages()[0]?.params.link_preview_options).toEqual({ is_disabled: true });
    expect(tg.messages()[0]?.params.reply_markup).toBeUndefined();
  });

  it('sends an inline keyboard when given one', async () => {
    const keyboard = { inline_keyboard: [[{ text: '👀 Ack', callback_data: 'a.x.1.y' }]] };
    expect(await client().sendMessage('down', { html: false, replyMarkup: keyboard })).toMatchObject({
      kind: 'sent',
    });
    expect(tg.markupOf(1)).toEqual(keyboard);
  });

  it('reports a 429 with its retry_after', async () => {
    tg.rateLimitNext(1, 7);
    const outcome = await client().sendMessage('x', { html: true });
    expect(outcome).toEqual({
      kind: 'rate-limited',
      status: 429,
      retryAfterMs: 7000,
      reason: 'Too Many Requests: retry after 7',
    });
    expect(outcomeCode(outcome)).toBe('429');
  });

  it.each([500, 502, 503])('asks for a retry on %d, JSON or not', async (status) => {
    tg.failNext(1, status);
    const outcome = await client().sendMessage('x', { html: true });
    expect(outcome).toMatchObject({ kind: 'retry', status });
    expect(outcomeCode(outcome)).toBe(String(status));
  });

  it('tells markup Telegram cannot parse from a message it will never take', async () => {
    expect(await client().sendMessage('<b>x', { html: true })).toEqual({
      kind: 'bad-markup',
      status: 400,
      reason: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
    });
    expect(await client().sendMessage('x'.repeat(5000), { html: false })).toMatchObject({
      kind: 'rejected',
      reason: 'Bad Request: message is too long',
    });
  });

  it('reports a refused chat or token as such', async () => {
    expect(await client({ chatId: '-999' }).sendMessage('x', { html: true })).toMatchObject({
      kind: 'refused',
      status: 400,
      reason: 'Bad Request: chat not found',
    });
    expect(await client({ token: '999:wrong' }).sendMessage('x', { html: true })).toMatchObject({
      kind: 'refused',
      status: 401,
      reason: 'Unauthorized',
    });
  });

  it('keeps alerts for a group upgraded to a supergroup, naming the new chat id', async () => {
    const migrated = (async () =>
      Response.json(
        {
          ok: false,
          error_code: 400,
          description: 'Bad Request: group chat was upgraded to a supergroup chat',
          parameters: { migrate_to_chat_id: -1001234 },
        },
        { status: 400 },
      )) as typeof fetch;
    expect(await client({ fetch: migrated }).sendMessage('x', { html: true })).toEqual({
      kind: 'refused',
      status: 400,
      reason: 'Bad Request: group chat was upgraded to a supergroup chat (set TELEGRAM_CHAT_ID=-1001234)',
    });
  });

  it('bounds a hung request and reports a refused connection, both retryable', async () => {
    tg.hang(true);
    const hung = await client({ timeoutMs: 200 }).sendMessage('x', { html: true });
    expect(hung).toEqual({ kind: 'retry', reason: 'timeout after 200 ms' });
    expect(outcomeCode(hung)).toBe('timeout');
    const closed = await client({ apiUrl: `http://127.0.0.1:${await freePort()}` }).sendMessage('x', {
      html: true,
    });
    expect(closed).toEqual({ kind: 'retry', reason: 'connection refused' });
    expect(outcomeCode(closed)).toBe('network');
  });
});

describe('the bot token', () => {
  it('never appears in an outcome, even when the network error quotes the URL', async () => {
    const leaky = (async (url: string | URL | Request) => {
      throw new TypeError(`fetch failed for ${String(url)}`, { cause: new Error(`connect ${String(url)}`) });
    }) as typeof fetch;
    const outcome = await client({ fetch: leaky }).sendMessage('x', { html: true });
    expect(outcome.kind).toBe('retry');
    expect(JSON.stringify(outcome)).not.toContain(FAKE_BOT_TOKEN);
    expect(JSON.stringify(outcome)).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
  });

  it('is scrubbed on its own and inside bot URLs', () => {
    expect(
      scrubToken(`a ${FAKE_BOT_TOKEN} b https://api.telegram.org/bot1:x/sendMessage`, FAKE_BOT_TOKEN),
    ).toBe('a [REDACTED] b https://api.telegram.org/bot[REDACTED]/sendMessage');
  });
});
