/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api), for tests: it
 * accepts and refuses sendMessage calls as Telegram does, records what it accepted, and can be broken
 * on demand.
 *
 * - `POST|GET /bot<token>/<method>` with parameters in the query string, a JSON body or a form body
 *   (multipart is not implemented: 400). A wrong token: 401 Unauthorized. Unknown method: 404.
 *   Methods: getMe, sendMessage, and for the bot (relay bot/): getUpdates, answerCallbackQuery,
 *   editMessageText, editMessageReplyMarkup, getChatMember, setWebhook, deleteWebhook. Answers are Telegram's envelope: {"ok":true,"result":…} or
 *   {"ok":false,"error_code":N,"description":"…"} with the same HTTP status.
 * - sendMessage: `chat_id` required ("chat_id is empty"; "chat not found" outside `chats` when given);
 *   `text` required and not blank after parsing ("message text is empty"); at most 4096 UTF-16 code
 *   units after entity parsing and trimming ("message is too long"); `parse_mode` HTML parsed as
 *   tdlib's parse_html does (supported tags, attributes, matching end tags, the entities &lt; &gt;
 *   &amp; &quot; and numeric ones), refusing with "can't parse entities: …" and tdlib's messages.
 * - Flood limits, checked on valid messages only, refused with 429 and `parameters.retry_after`:
 *   per chat a token bucket (1/s, burst 3), per group (negative id or @name) 20 per sliding minute,
 *   overall 30 per sliding second. Configurable, or off.
 * - The bot's methods refuse as Telegram does: an unknown or already answered callback query, "query
 *   is too old and response timeout expired or query ID is invalid"; an edit that changes nothing,
 *   "message is not modified: …"; an unknown message, "message to edit not found"; callback_data over
 *   64 bytes, "BUTTON_DATA_INVALID"; getUpdates while a webhook is set, 409 "Conflict: …". Tests
 *   inject updates (`press`, `userMessage`); getChatMember answers from `members` (default: left).
 * Deliberate differences, to catch client bugs: an `&` that starts no entity is refused (Telegram
 * keeps it literally), and lone UTF-16 surrogates are refused as invalid UTF-8 (Telegram never sees
 * them because JSON encoders replace them).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A token shaped like BotFather's (digits, colon, 35 characters). */
export const FAKE_BOT_TOKEN = '123456789:AAFakeTokenForTestsOnly-0123456789a';
export const TELEGRAM_MAX_LENGTH = 4096;

export interface TelegramEntity {
  type: string;
  /** UTF-16 code units, as Telegram counts them. */
  offset: number;
  length: number;
  url?: string;
}

export interface FakeTelegramMessage {
  message_id: number;
  chat_id: string;
  /** The text as Telegram shows it: tags removed, entities decoded, trimmed. */
  text: string;
  entities: TelegramEntity[];
  /** The `text` parameter as sent, and its parse_mode. */
  raw: string;
  parse_mode?: string;
  /** Every parameter of the call, as received (form values are strings). */
  params: Record<string, unknown>;
  at: number;
}

export interface FakeTelegramRequest {
  method: string;
  status: number | 'hung';
  description?: string;
  chat_id?: string;
  /** When it arrived (the fake's clock). */
  at: number;
}

export interface FakeTelegramLimits {
  perChat?: { burst: number; perSecond: number } | false;
  perGroup?: { max: number; windowMs: number } | false;
  global?: { max: number; windowMs: number } | false;
}

export interface FakeTelegramUser {
  id: number;
  username?: string;
  first_name?: string;
}

export interface FakeTelegramOptions {
  token?: string;
  /** Known chats; others get "chat not found". Default: every chat exists. */
  chats?: readonly (string | number)[];
  /** Flood limits (see the module comment); false: none. */
  limits?: FakeTelegramLimits | false;
  /** Clock for the limits and `date`; default Date.now. */
  now?: () => number;
}

export interface FakeTelegram {
  /** Base URL to use as TELEGRAM_API_URL (the same across down()/up()). */
  readonly url: string;
  readonly token: string;
  /** Messages accepted, in order. */
  messages(): FakeTelegramMessage[];
  /** Every request, in order, with the status it got. */
  requests(): FakeTelegramRequest[];
  /** The next `count` sendMessage calls fail with `status` (500, 502: an nginx HTML page, 503...). */
  failNext(count: number, status: number): void;
  /** The next `count` sendMessage calls get 429 with retry_after `seconds`. */
  rateLimitNext(count: number, seconds: number): void;
  /** While on, sendMessage calls are read and never answered. */
  hang(on: boolean): void;
  /** While on, the token is refused as a revoked one is: every call gets 401 Unauthorized. */
  revokeToken(on: boolean): void;
  /** A user presses a button under message `messageId`: queues a callback_query update; its id. */
  press(user: FakeTelegramUser, messageId: number, data: string): string;
  /** A user writes `text` in `chatId` (a command such as /alerts): queues a message update. */
  userMessage(user: FakeTelegramUser, chatId: string, text: string): void;
  /** Sets a user's status in a chat for getChatMember ('member', 'administrator', 'left', ...). */
  setMember(chatId: string, userId: number, status: string): void;
  /** Answers given to callback queries, in order. */
  callbackAnswers(): { callback_query_id: string; text?: string; show_alert?: boolean }[];
  /** The current reply_markup of an accepted message (after edits); undefined when none. */
  markupOf(messageId: number): unknown;
  /** The webhook set with setWebhook, if any. */
  webhook(): { url: string; secret_token?: string } | undefined;
  /**
   * The queued updates, removed: what Telegram would POST to the webhook. A test posts them where
   * the webhook's public URL leads (the relay), as a reverse proxy would.
   */
  takeUpdates(): unknown[];
  /** Stops listening and cuts every connection ("connection refused"). */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_LIMITS: Required<FakeTelegramLimits> = {
  perChat: { burst: 3, perSecond: 1 },
  perGroup: { max: 20, windowMs: 60_000 },
  global: { max: 30, windowMs: 1000 },
};

interface Reply {
  status: number;
  body: unknown;
  html?: string;
}

const fail = (status: number, description: string): Reply => ({
  status,
  body: { ok: false, error_code: status, description },
});
const badRequest = (detail: string) => fail(400, `Bad Request: ${detail}`);

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? FAKE_BOT_TOKEN;
  const now = options.now ?? Date.now;
  const chats = options.chats ? new Set(options.chats.map(String)) : undefined;
  const limiter = floodLimiter(
    options.limits === false ? false : { ...DEFAULT_LIMITS, ...options.limits },
    now,
  );
  const accepted: FakeTelegramMessage[] = [];
  const requests: FakeTelegramRequest[] = [];
  const sockets = new Set<Socket>();
  let failures = { count: 0, status: 500 };
  let floods = { count: 0, seconds: 1 };
  let hanging = false;
  let revoked = false;
  const bot = botState(now);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [method, params] = decodeRequest(req, Buffer.concat(chunks));
      if (hanging && method.toLowerCase() === 'sendmessage') {
        requests.push({ method, status: 'hung', at: now() });
        return;
      }
      // getUpdates with a timeout is held open until an update arrives or the timeout ends, as Telegram does.
      if (!(params instanceof Error) && method.toLowerCase() === 'getupdates' && !bot.hasUpdates(params)) {
        const until = now() + Math.min(Number(params.timeout ?? 0), 50) * 1000;
        if (until > now()) {
          const timer = setInterval(() => {
            if (bot.hasUpdates(params) || now() >= until || !server.listening) {
              clearInterval(timer);
              finish(req, res, method, params);
            }
          }, 20);
          return;
        }
      }
      finish(req, res, method, params);
    });
  });

  function finish(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    params: Record<string, unknown> | Error,
  ) {
    {
      const reply = params instanceof Error ? badRequest(params.message) : route(req, params);
      const description = (reply.body as { description?: string }).description;
      const chatId =
        params instanceof Error || params.chat_id === undefined ? undefined : String(params.chat_id);
      requests.push({ method, status: reply.status, description, chat_id: chatId, at: now() });
      answer(res, reply);
    }
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function route(req: IncomingMessage, params: Record<string, unknown>): Reply {
    const match = /^\/bot([^/]*)\/([A-Za-z]*)$/.exec(pathOf(req));
    if (!match) return fail(404, 'Not Found');
    if (match[1] !== token || revoked) return fail(401, 'Unauthorized');
    const name = (match[2] ?? '').toLowerCase();
    if (name === 'getme')
      return {
        status: 200,
        body: {
          ok: true,
          result: { id: botId(token), is_bot: true, first_name: 'Fake', username: 'fake_bot' },
        },
      };
    if (name === 'sendmessage') {
      const markupProblem = bot.checkMarkup(params.reply_markup);
      if (markupProblem) return badRequest(markupProblem);
      const reply = sendMessage(params);
      if (reply.status === 200) bot.sent(accepted.at(-1) as FakeTelegramMessage);
      return reply;
    }
    const botReply = bot.route(name, params, accepted);
    if (botReply) return botReply;
    return fail(404, 'Not Found');
  }

  function sendMessage(params: Record<string, unknown>): Reply {
    if (failures.count > 0) {
      failures.count--;
      return serverError(failures.status);
    }
    if (floods.count > 0) {
      floods.count--;
      return tooMany(floods.seconds);
    }
    const chatId = params.chat_id === undefined ? '' : String(params.chat_id);
    if (chatId === '') return badRequest('chat_id is empty');
    if (chats && !chats.has(chatId)) return badRequest('chat not found');
    const raw = params.text === undefined ? '' : String(params.text);
    if (hasLoneSurrogate(raw)) return badRequest('strings must be encoded in UTF-8');
    const mode = params.parse_mode === undefined ? '' : String(params.parse_mode);
    let parsed: ParsedText = { text: raw, entities: [] };
    if (/^html$/i.test(mode)) {
      const result = parseTelegramHtml(raw);
      if ('error' in result) return badRequest(`can't parse entities: ${result.error}`);
      parsed = result;
    } else if (/^markdown(v2)?$/i.test(mode)) {
      return badRequest(`fake-telegram: parse_mode ${mode} is not implemented`);
    } else if (mode !== '') {
      return badRequest(`unsupported parse_mode`);
    }
    const { text, entities } = trimmed(parsed);
    if (text === '') return badRequest('message text is empty');
    if (text.length > TELEGRAM_MAX_LENGTH) return badRequest('message is too long');
    const wait = limiter.check(chatId);
    if (wait > 0) return tooMany(Math.ceil(wait / 1000));
    limiter.take(chatId);
    const message = {
      message_id: accepted.length + 1,
      chat_id: chatId,
      text,
      entities,
      raw,
      ...(mode ? { parse_mode: mode } : {}),
      params,
      at: now(),
    };
    accepted.push(message);
    const chat = { id: /^-?\d+$/.test(chatId) ? Number(chatId) : -1000, type: chatType(chatId) };
    return {
      status: 200,
      body: {
        ok: true,
        result: { message_id: message.message_id, chat, date: Math.floor(now() / 1000), text, entities },
      },
    };
  }

  await listen(server, 0);
  const { port } = server.address() as AddressInfo;
  const stop = async () => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    messages: () => [...accepted],
    requests: () => [...requests],
    failNext(count, status) {
      failures = { count, status };
    },
    rateLimitNext(count, seconds) {
      floods = { count, seconds };
    },
    hang(on) {
      hanging = on;
    },
    press: (user, messageId, data) => bot.press(user, messageId, data, accepted),
    userMessage: (user, chatId, text) => bot.userMessage(user, chatId, text),
    setMember: (chatId, userId, status) => bot.members.set(`${chatId}/${userId}`, status),
    callbackAnswers: () => [...bot.answers],
    markupOf: (messageId) => bot.markup.get(messageId),
    webhook: () => bot.hook,
    takeUpdates: () => bot.takeUpdates(),
    revokeToken(on) {
      revoked = on;
    },
    down: stop,
    async up() {
      if (!server.listening) await listen(server, port);
    },
    close: stop,
  };
}

// ---------------------------------------------------------------------------------------
// The bot's methods: updates, callback queries, edits, chat members, webhooks

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
const QUERY_TOO_OLD = 'query is too old and response timeout expired or query ID is invalid';

function parseJsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function botState(now: () => number) {
  const updates: { update_id: number; [kind: string]: unknown }[] = [];
  const pending = new Set<string>();
  const answers: { callback_query_id: string; text?: string; show_alert?: boolean }[] = [];
  const markup = new Map<number, unknown>();
  const members = new Map<string, string>();
  let nextUpdate = 1;
  let nextQuery = 1;
  let hook: { url: string; secret_token?: string } | undefined;
  const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
  const message = (accepted: FakeTelegramMessage[], params: Record<string, unknown>) => {
    const id = Number(params.message_id);
    return accepted.find((m) => m.message_id === id && m.chat_id === String(params.chat_id));
  };
  const sameMarkup = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

  return {
    answers,
    markup,
    members,
    get hook() {
      return hook;
    },
    /** Telegram's checks on inline keyboards: callback_data of 1 to 64 bytes. */
    checkMarkup(raw: unknown): string | undefined {
      if (raw === undefined) return undefined;
      const parsed = parseJsonParam(raw) as { inline_keyboard?: { callback_data?: string }[][] } | undefined;
      if (!parsed) return "can't parse reply keyboard markup JSON object";
      for (const row of parsed.inline_keyboard ?? [])
        for (const button of row) {
          const size = Buffer.byteLength(button.callback_data ?? '');
          if (button.callback_data !== undefined && (size < 1 || size > 64)) return 'BUTTON_DATA_INVALID';
        }
      return undefined;
    },
    takeUpdates(): unknown[] {
      return updates.splice(0);
    },
    hasUpdates(params: Record<string, unknown>): boolean {
      const offset = Number(params.offset ?? 0);
      return hook !== undefined || updates.some((u) => u.update_id >= offset);
    },
    sent(m: FakeTelegramMessage) {
      if (m.params.reply_markup !== undefined)
        markup.set(m.message_id, parseJsonParam(m.params.reply_markup));
    },
    press(user: FakeTelegramUser, messageId: number, data: string, accepted: FakeTelegramMessage[]): string {
      const m = accepted.find((a) => a.message_id === messageId);
      if (!m) throw new Error(`fake-telegram: no message ${messageId} to press under`);
      const id = String(nextQuery++);
      pending.add(id);
      updates.push({
        update_id: nextUpdate++,
        callback_query: {
          id,
          from: { is_bot: false, ...user },
          message: {
            message_id: messageId,
            chat: { id: Number(m.chat_id) },
            date: Math.floor(m.at / 1000),
            text: m.text,
          },
          chat_instance: '1',
          data,
        },
      });
      return id;
    },
    userMessage(user: FakeTelegramUser, chatId: string, text: string) {
      updates.push({
        update_id: nextUpdate++,
        message: {
          message_id: 100_000 + nextUpdate,
          from: { is_bot: false, ...user },
          chat: { id: Number(chatId) },
          date: Math.floor(now() / 1000),
          text,
        },
      });
    },
    route(name: string, params: Record<string, unknown>, accepted: FakeTelegramMessage[]): Reply | undefined {
      switch (name) {
        case 'getupdates': {
          if (hook)
            return fail(
              409,
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            );
          const offset = Number(params.offset ?? 0);
          // Telegram forgets every update before `offset` once asked with it.
          while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
          const limit = Math.min(100, Number(params.limit ?? 100));
          return ok(updates.slice(0, limit));
        }
        case 'answercallbackquery': {
          const id = String(params.callback_query_id ?? '');
          if (!pending.delete(id)) return badRequest(QUERY_TOO_OLD);
          answers.push({
            callback_query_id: id,
            ...(params.text !== undefined ? { text: String(params.text) } : {}),
            ...(params.show_alert !== undefined
              ? { show_alert: params.show_alert === true || params.show_alert === 'true' }
              : {}),
          });
          return ok(true);
        }
        case 'editmessagetext':
        case 'editmessagereplymarkup': {
          const m = message(accepted, params);
          if (!m) return badRequest('message to edit not found');
          const problem = this.checkMarkup(params.reply_markup);
          if (problem) return badRequest(problem);
          const next = params.reply_markup === undefined ? undefined : parseJsonParam(params.reply_markup);
          let text = m.text;
          if (name === 'editmessagetext') {
            const raw = String(params.text ?? '');
            const parsed = /^html$/i.test(String(params.parse_mode ?? ''))
              ? parseTelegramHtml(raw)
              : { text: raw, entities: [] };
            if ('error' in parsed) return badRequest(`can't parse entities: ${parsed.error}`);
            text = parsed.text.trim();
            if (text === '') return badRequest('message text is empty');
            if (text.length > TELEGRAM_MAX_LENGTH) return badRequest('MESSAGE_TOO_LONG');
          }
          // An empty inline keyboard removes the keyboard, as Telegram does.
          const empty = (next as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard?.length === 0;
          const after = empty ? undefined : next;
          if (text === m.text && sameMarkup(after, markup.get(m.message_id))) return badRequest(NOT_MODIFIED);
          m.text = text;
          if (after === undefined) markup.delete(m.message_id);
          else markup.set(m.message_id, after);
          return ok({ message_id: m.message_id, chat: { id: Number(m.chat_id) }, text });
        }
        case 'getchatmember': {
          const userId = Number(params.user_id);
          if (!Number.isInteger(userId) || userId <= 0) return badRequest('invalid user_id specified');
          const status = members.get(`${params.chat_id}/${userId}`) ?? 'left';
          return ok({ status, user: { id: userId, is_bot: false, first_name: 'User' } });
        }
        case 'setwebhook': {
          const url = String(params.url ?? '');
          if (url === '') {
            hook = undefined;
            return ok(true);
          }
          if (!/^https:\/\//.test(url))
            return badRequest('bad webhook: An HTTPS URL must be provided for webhook');
          const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
          if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
            return badRequest('bad webhook: Secret token contains unallowed characters');
          hook = { url, ...(secret ? { secret_token: secret } : {}) };
          return ok(true);
        }
        case 'deletewebhook':
          hook = undefined;
          return ok(true);
        default:
          return undefined;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// Requests and answers

function decodeRequest(req: IncomingMessage, body: Buffer): [string, Record<string, unknown> | Error] {
  const url = new URL(req.url ?? '/', 'http://fake');
  const method = url.pathname.split('/').pop() ?? '';
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (body.length === 0) return [method, params];
  if (type === 'application/json') {
    try {
      const json: unknown = JSON.parse(body.toString('utf8'));
      if (typeof json !== 'object' || json === null || Array.isArray(json))
        return [method, new Error('invalid JSON')];
      return [method, { ...params, ...(json as Record<string, unknown>) }];
    } catch {
      return [method, new Error("can't parse JSON encoded request")];
    }
  }
  if (type === 'application/x-www-form-urlencoded')
    return [method, { ...params, ...Object.fromEntries(new URLSearchParams(body.toString('utf8'))) }];
  return [method, new Error(`fake-telegram: content type ${JSON.stringify(type)} is not implemented`)];
}

function serverError(status: number): Reply {
  if (status === 502) {
    // What nginx in front of the Bot API answers: an HTML page, not JSON.
    return {
      status,
      body: {},
      html: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body></body>\r\n</html>\r\n',
    };
  }
  return fail(status, status === 503 ? 'Service Unavailable' : 'Internal Server Error');
}

function tooMany(seconds: number): Reply {
  return {
    status: 429,
    body: {
      ok: false,
      error_code: 429,
      description: `Too Many Requests: retry after ${seconds}`,
      parameters: { retry_after: seconds },
    },
  };
}

function answer(res: ServerResponse, reply: Reply): void {
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'Content-Type': 'text/html' }).end(reply.html);
    return;
  }
  res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
}

const pathOf = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://fake').pathname;
const botId = (token: string) => Number(token.split(':')[0]);
const isGroup = (chatId: string) => chatId.startsWith('-') || chatId.startsWith('@');
const chatType = (chatId: string) =>
  chatId.startsWith('@')
    ? 'channel'
    : chatId.startsWith('-100')
      ? 'supergroup'
      : isGroup(chatId)
        ? 'group'
        : 'private';

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// ---------------------------------------------------------------------------------------
// Flood limits

function floodLimiter(limits: Required<FakeTelegramLimits> | false, now: () => number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const sent = new Map<string, number[]>();
  const all: number[] = [];
  const bucket = (chatId: string, at: number) => {
    if (limits === false || !limits.perChat) return undefined;
    const { burst, perSecond } = limits.perChat;
    const b = buckets.get(chatId) ?? { tokens: burst, at };
    b.tokens = Math.min(burst, b.tokens + ((at - b.at) / 1000) * perSecond);
    b.at = at;
    buckets.set(chatId, b);
    return { b, perSecond };
  };
  /** Milliseconds until the oldest send that keeps a sliding window full leaves it. */
  const windowWait = (times: number[], limit: { max: number; windowMs: number } | false, at: number) => {
    if (!limit) return 0;
    const inWindow = times.filter((t) => t > at - limit.windowMs);
    const oldest = inWindow.length >= limit.max ? inWindow[inWindow.length - limit.max] : undefined;
    return oldest === undefined ? 0 : oldest + limit.windowMs - at;
  };
  return {
    check(chatId: string): number {
      if (!limits) return 0;
      const at = now();
      const perChat = bucket(chatId, at);
      const chatWait =
        perChat && perChat.b.tokens < 1 ? ((1 - perChat.b.tokens) / perChat.perSecond) * 1000 : 0;
      const groupWait = isGroup(chatId) ? windowWait(sent.get(chatId) ?? [], limits.perGroup, at) : 0;
      return Math.max(chatWait, groupWait, windowWait(all, limits.global, at));
    },
    take(chatId: string): void {
      if (!limits) return;
      const at = now();
      const perChat = bucket(chatId, at);
      if (perChat) perChat.b.tokens -= 1;
      sent.set(chatId, [...(sent.get(chatId) ?? []), at].slice(-100));
      all.push(at);
      if (all.length > 100) all.shift();
    },
  };
}

// ---------------------------------------------------------------------------------------
// parse_mode HTML, after tdlib's parse_html (td/telegram/MessageEntity.cpp)

interface ParsedText {
  text: string;
  entities: TelegramEntity[];
}

const TAG_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  'tg-emoji': 'custom_emoji',
  blockquote: 'blockquote',
};
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Parses Telegram HTML into the text Telegram shows and its entities, or tdlib's error message. */
export function parseTelegramHtml(html: string): ParsedText | { error: string } {
  const byteOffset = (i: number) => Buffer.byteLength(html.slice(0, i));
  const stack: { tag: string; offset: number; url?: string }[] = [];
  const entities: TelegramEntity[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '&') {
      const entity = decodeEntityAt(html, i);
      if (!entity)
        return { error: `Unescaped "&" at byte offset ${byteOffset(i)} (fake-telegram is strict here)` };
      text += entity.value;
      i += entity.length;
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const begin = i++;
    if (html[i] === '/') {
      if (stack.length === 0) return { error: `Unexpected end tag at byte offset ${byteOffset(begin)}` };
      const nameStart = ++i;
      while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
      const name = html.slice(nameStart, i).toLowerCase();
      while (isSpace(html[i])) i++;
      if (html[i] !== '>') return { error: `Unclosed end tag at byte offset ${byteOffset(begin)}` };
      i++;
      const open = stack.pop() as (typeof stack)[number];
      if (name !== '' && name !== open.tag) {
        return {
          error: `Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${open.tag}>", found "</${name}>"`,
        };
      }
      if (text.length > open.offset) {
        const type = TAG_TYPES[open.tag] as string;
        entities.push({
          type,
          offset: open.offset,
          length: text.length - open.offset,
          ...(open.url ? { url: open.url } : {}),
        });
      }
      continue;
    }
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
    if (i >= html.length) return { error: `Unclosed start tag at byte offset ${byteOffset(begin)}` };
    const tag = html.slice(nameStart, i).toLowerCase();
    if (!(tag in TAG_TYPES))
      return { error: `Unsupported start tag "${tag}" at byte offset ${byteOffset(begin)}` };
    const attributes = parseAttributes(html, i, tag, byteOffset(begin));
    if ('error' in attributes) return attributes;
    i = attributes.end + 1;
    if (tag === 'span' && attributes.values.class !== 'tg-spoiler')
      return { error: `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}` };
    stack.push({ tag, offset: text.length, ...(tag === 'a' ? { url: attributes.values.href ?? '' } : {}) });
  }
  const open = stack.at(-1);
  if (open) return { error: `Can't find end tag corresponding to start tag "${open.tag}"` };
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** Attributes from `i` (just after the tag name) to the closing `>`; tdlib's rules and messages. */
function parseAttributes(
  html: string,
  start: number,
  tag: string,
  tagOffset: number,
): { values: Record<string, string>; end: number } | { error: string } {
  const values: Record<string, string> = {};
  let i = start;
  for (;;) {
    while (isSpace(html[i])) i++;
    if (i >= html.length) return { error: `Unclosed start tag "${tag}" at byte offset ${tagOffset}` };
    if (html[i] === '>') return { values, end: i };
    const nameStart = i;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '=' && html[i] !== '>') i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (isSpace(html[i])) i++;
    if (tag === 'blockquote' && name === 'expandable' && html[i] !== '=') continue;
    if (html[i] !== '=')
      return {
        error: `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${tagOffset}`,
      };
    i++;
    while (isSpace(html[i])) i++;
    if (i >= html.length) return { error: `Unclosed start tag "${tag}" at byte offset ${tagOffset}` };
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      if (close === -1) return { error: `Unclosed end of attribute value at byte offset ${tagOffset}` };
      const value = decodeAttribute(html.slice(i + 1, close));
      if (value === undefined)
        return { error: `Unescaped "&" in an attribute of the tag "${tag}" (fake-telegram is strict here)` };
      values[name] = value;
      i = close + 1;
    } else {
      const tokenStart = i;
      while (i < html.length && /[A-Za-z0-9.-]/.test(html[i] as string)) i++;
      if (!isSpace(html[i]) && html[i] !== '>')
        return { error: `Unexpected end of name token at byte offset ${tokenStart}` };
      values[name] = html.slice(tokenStart, i).toLowerCase();
    }
  }
}

function decodeEntityAt(html: string, i: number): { value: string; length: number } | undefined {
  const match = /^&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/i.exec(html.slice(i, i + 12));
  if (!match) return undefined;
  const body = (match[1] as string).toLowerCase();
  let value: string | undefined;
  if (body.startsWith('#')) {
    const code = body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
    value =
      code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : undefined;
  } else {
    value = NAMED_ENTITIES[body];
  }
  return value === undefined ? undefined : { value, length: match[0].length };
}

function decodeAttribute(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; ) {
    if (raw[i] !== '&') {
      out += raw[i++];
      continue;
    }
    const entity = decodeEntityAt(raw, i);
    if (!entity) return undefined;
    out += entity.value;
    i += entity.length;
  }
  return out;
}

/** Telegram trims leading and trailing white space; entity offsets move with the text. */
function trimmed({ text, entities }: ParsedText): ParsedText {
  const lead = text.length - text.trimStart().length;
  const result = text.trim();
  const shifted = entities
    .map((e) => {
      const start = Math.max(0, e.offset - lead);
      const end = Math.min(result.length, e.offset - lead + e.length);
      return { ...e, offset: start, length: end - start };
    })
    .filter((e) => e.length > 0);
  return { text: result, entities: shifted };
}
