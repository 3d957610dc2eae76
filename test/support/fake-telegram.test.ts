/**
 * The fake Telegram Bot API behaves like the real one where the relay depends on it: tokens, required
 * parameters, HTML parsing and its errors, the length limit after parsing, flood limits, and the
 * faults tests inject.
 */
import { FAKE_BOT_TOKEN, type FakeTelegram, parseTelegramHtml, startFakeTelegram } from './fake-telegram';

let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(...args: Parameters<typeof startFakeTelegram>): Promise<FakeTelegram> {
  fake = await startFakeTelegram(...args);
  return fake;
}

async function call(
  tg: FakeTelegram,
  method: string,
  params: Record<string, unknown>,
  { token = tg.token, form = false } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${tg.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form
      ? new URLSearchParams(
          Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
        ).toString()
      : JSON.stringify(params),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, body: { html: text } };
  }
}

const send = (tg: FakeTelegram, text: string, extra: Record<string, unknown> = {}) =>
  call(tg, 'sendMessage', { chat_id: '42', text, parse_mode: 'HTML', ...extra });

describe('the API surface', () => {
  it('answers getMe and refuses a wrong token with 401 Unauthorized', async () => {
    const tg = await start({ limits: false });
    expect((await call(tg, 'getMe', {})).body).toMatchObject({ ok: true, result: { is_bot: true } });
    expect(await call(tg, 'sendMessage', { chat_id: 1, text: 'x' }, { token: '1:wrong' })).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    });
    expect((await call(tg, 'noSuchMethod', {})).body).toEqual({
      ok: false,
      error_code: 404,
      description: 'Not Found',
    });
    expect(tg.token).toBe(FAKE_BOT_TOKEN);
  });

  it('accepts JSON, form and query-string parameters and records the messages', async () => {
    const tg = await start({ limits: false });
    const json = await send(tg, '<b>Hi</b> there');
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      ok: true,
      result: { message_id: 1, chat: { id: 42, type: 'private' }, text: 'Hi there' },
    });
    expect(
      (
        await call(
          tg,
          'sendMessage',
          { chat_id: '@alerts', text: 'a &amp; b', parse_mode: 'HTML' },
          { form: true },
        )
      ).status,
    ).toBe(200);
    const query = await fetch(`${tg.url}/bot${tg.token}/sendMessage?chat_id=-5&text=plain%20%3Cb%3E`);
    expect(query.status).toBe(200);
    expect(tg.messages().map((m) => [m.chat_id, m.text, m.entities])).toEqual([
      ['42', 'Hi there', [{ type: 'bold', offset: 0, length: 2 }]],
      ['@alerts', 'a & b', []],
      ['-5', 'plain <b>', []],
    ]);
  });

  it.each([
    [{ text: 'x' }, 'Bad Request: chat_id is empty'],
    [{ chat_id: '7', text: 'x' }, 'Bad Request: chat not found'],
    [{ chat_id: '42' }, 'Bad Request: message text is empty'],
    [{ chat_id: '42', text: ' \n ' }, 'Bad Request: message text is empty'],
    [{ chat_id: '42', text: '<b> </b>', parse_mode: 'HTML' }, 'Bad Request: message text is empty'],
    [
      { chat_id: '42', text: 'bad \ud800 half', parse_mode: 'HTML' },
      'Bad Request: strings must be encoded in UTF-8',
    ],
    [
      { chat_id: '42', text: '*x*', parse_mode: 'MarkdownV2' },
      'Bad Request: fake-telegram: parse_mode MarkdownV2 is not implemented',
    ],
  ])('refuses %j with 400 %s', async (params, description) => {
    const tg = await start({ chats: [42, '@alerts'], limits: false });
    expect(await call(tg, 'sendMessage', params)).toEqual({
      status: 400,
      body: { ok: false, error_code: 400, description },
    });
    expect(tg.messages()).toEqual([]);
  });
});

describe('parse_mode HTML', () => {
  it.each([
    ['<b>x', `Can't find end tag corresponding to start tag "b"`],
    ['a < b', 'Unsupported start tag "" at byte offset 2'],
    ['<foo>x</foo>', 'Unsupported start tag "foo" at byte offset 0'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['AT&T', 'Unescaped "&" at byte offset 2 (fake-telegram is strict here)'],
    ['é&x', 'Unescaped "&" at byte offset 2 (fake-telegram is strict here)'],
    ['&apos;', 'Unescaped "&" at byte offset 0 (fake-telegram is strict here)'],
    [
      '<a href="https://x/?a=1&b=2">l</a>',
      'Unescaped "&" in an attribute of the tag "a" (fake-telegram is strict here)',
    ],
    ['<a href="x>l</a>', 'Unclosed end of attribute value at byte offset 0'],
    ['<b', 'Unclosed start tag at byte offset 0'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
  ])('refuses %j: %s', async (html, detail) => {
    expect(parseTelegramHtml(html)).toEqual({ error: detail });
    const tg = await start({ limits: false });
    expect((await send(tg, html)).body).toEqual({
      ok: false,
      error_code: 400,
      description: `Bad Request: can't parse entities: ${detail}`,
    });
  });

  it('decodes entities, keeps a bare >, and reports nested entities in UTF-16 offsets', () => {
    expect(parseTelegramHtml('&lt;&gt;&amp;&quot;&#128512;&#x1F600; > ok')).toEqual({
      text: '<>&"😀😀 > ok',
      entities: [],
    });
    expect(
      parseTelegramHtml('😀 <b>bold <i>both</i></b> <a href="https://x/?a=1&amp;b=&quot;2&quot;">link</a>'),
    ).toEqual({
      text: '😀 bold both link',
      entities: [
        { type: 'bold', offset: 3, length: 9 },
        { type: 'italic', offset: 8, length: 4 },
        { type: 'text_link', offset: 13, length: 4, url: 'https://x/?a=1&b="2"' },
      ],
    });
    expect(
      parseTelegramHtml('<pre><code class="language-ts">x</code></pre><blockquote expandable>q</blockquote>'),
    ).toMatchObject({
      text: 'xq',
    });
  });

  it('limits the text to 4096 UTF-16 units after parsing and trimming', async () => {
    const tg = await start({ limits: false });
    expect((await send(tg, `  <b>${'a'.repeat(4096)}</b>\n`)).status).toBe(200);
    expect((await send(tg, '&amp;'.repeat(4096))).status).toBe(200);
    expect((await send(tg, '😀'.repeat(2048))).status).toBe(200);
    for (const text of ['a'.repeat(4097), `${'😀'.repeat(2048)}a`]) {
      expect((await send(tg, text)).body).toEqual({
        ok: false,
        error_code: 400,
        description: 'Bad Request: message is too long',
      });
    }
  });
});

describe('flood limits', () => {
  function clock() {
    let t = 1_000_000;
    return {
      now: () => t,
      advance: (ms: number) => {
        t += ms;
      },
    };
  }

  it('allows a burst of 3 in one chat, then one a second, answering 429 with retry_after', async () => {
    const c = clock();
    const tg = await start({ now: c.now });
    for (let i = 0; i < 3; i++) expect((await send(tg, `m${i}`)).status).toBe(200);
    expect(await send(tg, 'm3')).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      },
    });
    c.advance(1000);
    expect((await send(tg, 'm4')).status).toBe(200);
    expect((await send(tg, 'm5')).status).toBe(429);
    expect(tg.messages()).toHaveLength(4);
  });

  it('allows 20 messages a minute in a group', async () => {
    const c = clock();
    const tg = await start({ now: c.now });
    for (let i = 0; i < 20; i++) {
      expect((await send(tg, `m${i}`, { chat_id: '-100123' })).status).toBe(200);
      c.advance(1000);
    }
    const refused = await send(tg, 'm20', { chat_id: '-100123' });
    expect(refused.status).toBe(429);
    expect(refused.body.parameters).toEqual({ retry_after: 40 });
    c.advance(40_000);
    expect((await send(tg, 'm21', { chat_id: '-100123' })).status).toBe(200);
  });

  it('allows 30 messages a second overall', async () => {
    const c = clock();
    const tg = await start({ now: c.now });
    for (let i = 0; i < 30; i++)
      expect((await send(tg, 'x', { chat_id: String(1000 + i) })).status).toBe(200);
    expect((await send(tg, 'x', { chat_id: '2000' })).status).toBe(429);
    c.advance(1000);
    expect((await send(tg, 'x', { chat_id: '2000' })).status).toBe(200);
  });
});

describe('faults on demand', () => {
  it('fails the next calls with 5xx (502 as an HTML page) or 429, then recovers', async () => {
    const tg = await start({ limits: false });
    tg.failNext(2, 502);
    const res = await fetch(`${tg.url}/bot${tg.token}/sendMessage?chat_id=1&text=x`);
    expect([res.status, res.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect((await send(tg, 'x')).status).toBe(502);
    tg.failNext(1, 500);
    expect((await send(tg, 'x')).body).toEqual({
      ok: false,
      error_code: 500,
      description: 'Internal Server Error',
    });
    tg.rateLimitNext(1, 7);
    expect((await send(tg, 'x')).body).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    expect((await send(tg, 'x')).status).toBe(200);
    expect(tg.requests().map((r) => r.status)).toEqual([502, 502, 500, 429, 200]);
  });

  it('refuses a revoked token with 401 on every method, and accepts it again once restored', async () => {
    const tg = await start({ limits: false });
    tg.revokeToken(true);
    expect((await send(tg, 'x')).body).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
    expect((await call(tg, 'getMe', {})).status).toBe(401);
    tg.revokeToken(false);
    expect((await send(tg, 'x')).status).toBe(200);
    expect(tg.messages()).toHaveLength(1);
  });

  it('hangs, goes down and comes back on the same URL', async () => {
    const tg = await start({ limits: false });
    tg.hang(true);
    await expect(
      fetch(`${tg.url}/bot${tg.token}/sendMessage?chat_id=1&text=x`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    tg.hang(false);
    await tg.down();
    await expect(fetch(`${tg.url}/bot${tg.token}/getMe`)).rejects.toThrow();
    await tg.up();
    expect((await send(tg, 'back')).status).toBe(200);
    expect(tg.requests().map((r) => r.status)).toEqual(['hung', 200]);
  });
});
