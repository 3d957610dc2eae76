/**
 * The Telegram Bot API client: one sendMessage call, its answer sorted into what the delivery queue
 * must do next. It never throws and never retries (the queue owns timing and rate limits).
 *
 * The bot token is part of every request URL (`/bot<token>/sendMessage`), so nothing this module
 * returns or throws is built from the URL, and every text that leaves it (Telegram's descriptions,
 * network errors) goes through `scrub` first, whatever the logger's redaction would do later.
 */

export interface TelegramOptions {
  /** TELEGRAM_API_URL, e.g. https://api.telegram.org (a trailing slash is fine). */
  apiUrl: string;
  /** TELEGRAM_BOT_TOKEN. */
  token: string;
  /** TELEGRAM_CHAT_ID: an integer id or an @channel username. */
  chatId: string;
  /** Bound on one request, connection to last byte (TELEGRAM_TIMEOUT_MS). */
  timeoutMs: number;
  /** Injected in tests; default the global fetch. */
  fetch?: typeof fetch;
}

/**
 * - sent: Telegram accepted the message.
 * - rate-limited: 429; wait `retryAfterMs` before any send to that chat.
 * - retry: worth retrying as is after a backoff (5xx, timeout, network, an unreadable answer).
 * - bad-markup: 400 "can't parse entities": the same text as plain text will go through.
 * - rejected: a 400 that is about this message's text (too long, empty, not UTF-8, a bad link): the
 *   same message will never be accepted.
 * - refused: anything else Telegram refuses (401, 403, 404, chat not found, a group upgraded to a
 *   supergroup, no right to post): the chat or the bot is the problem, and retrying slowly is all the
 *   relay can do until someone fixes the configuration or re-adds the bot. Unknown 400s land here on
 *   purpose: keeping alerts is safer than dropping them.
 */
export type SendOutcome =
  | { kind: 'sent'; status: number; messageId?: number }
  | { kind: 'rate-limited'; status: 429; retryAfterMs: number; reason: string }
  | { kind: 'retry' | 'bad-markup' | 'refused' | 'rejected'; status?: number; reason: string };

/** Label of relay_telegram_errors_total{code}: the HTTP status, or what failed before one came. */
export const outcomeCode = (outcome: SendOutcome): string =>
  outcome.status !== undefined
    ? String(outcome.status)
    : outcome.reason.startsWith('timeout')
      ? 'timeout'
      : 'network';

/** Whether Telegram answers, from the last call (for /health/ready; probes never call Telegram). */
export interface TelegramStatus {
  status: 'ok' | 'error' | 'unknown';
  reason?: string;
  /** Epoch ms of that call. */
  at?: number;
}

export interface TelegramClient {
  /** `replyMarkup`: an inline keyboard (the bot's buttons, bot/keyboard.ts). */
  sendMessage(text: string, format: { html: boolean; replyMarkup?: unknown }): Promise<SendOutcome>;
}

interface ApiAnswer {
  ok?: boolean;
  result?: { message_id?: number };
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export function telegramClient(options: TelegramOptions): TelegramClient {
  const base = options.apiUrl.replace(/\/+$/, '');
  const url = `${base}/bot${options.token}/sendMessage`;
  const doFetch = options.fetch ?? fetch;
  const scrub = (text: string) => scrubToken(text, options.token);

  return {
    async sendMessage(text, { html, replyMarkup }) {
      const body = {
        chat_id: options.chatId,
        text,
        ...(html ? { parse_mode: 'HTML' } : {}),
        // Runbook links would otherwise unfurl into a preview bigger than the alert.
        link_preview_options: { is_disabled: true },
        ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
      };
      let status: number;
      let answer: ApiAnswer | undefined;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        status = res.status;
        answer = await res.json().then(
          (parsed: unknown) =>
            typeof parsed === 'object' && parsed !== null ? (parsed as ApiAnswer) : undefined,
          () => undefined,
        );
      } catch (err) {
        return { kind: 'retry', reason: networkReason(err, options.timeoutMs, scrub) };
      }
      return classify(status, answer, scrub);
    },
  };
}

function classify(status: number, answer: ApiAnswer | undefined, scrub: (s: string) => string): SendOutcome {
  const reason = scrub(answer?.description ?? `HTTP ${status}`).slice(0, 500);
  if (status >= 200 && status < 300 && answer?.ok === true) {
    const messageId = answer.result?.message_id;
    return typeof messageId === 'number' ? { kind: 'sent', status, messageId } : { kind: 'sent', status };
  }
  if (status === 429) {
    const seconds = answer?.parameters?.retry_after;
    const retryAfterMs = typeof seconds === 'number' && seconds > 0 ? Math.ceil(seconds) * 1000 : 1000;
    return { kind: 'rate-limited', status, retryAfterMs, reason };
  }
  if (status < 400 || status >= 500 || answer === undefined) return { kind: 'retry', status, reason };
  if (status === 400 && /can't parse entities/i.test(reason)) return { kind: 'bad-markup', status, reason };
  if (status === 400 && MESSAGE_PROBLEM.test(reason)) return { kind: 'rejected', status, reason };
  const migrated = answer.parameters?.migrate_to_chat_id;
  if (migrated !== undefined)
    return { kind: 'refused', status, reason: `${reason} (set TELEGRAM_CHAT_ID=${migrated})` };
  return { kind: 'refused', status, reason };
}

function networkReason(err: unknown, timeoutMs: number, scrub: (s: string) => string): string {
  const name = (err as { name?: string })?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const code = (err as { cause?: { code?: string } })?.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  return scrub(`network error: ${code ?? (err as Error)?.message ?? String(err)}`);
}

/** Telegram's descriptions of a message it will never take as it is. */
const MESSAGE_PROBLEM = /message is too long|message text is empty|must be encoded in UTF-8|wrong HTTP URL/i;

const BOT_PATH = /\/bot\d+:[A-Za-z0-9_-]+/g;

/** `text` without the token, in any URL or on its own. */
export function scrubToken(text: string, token: string): string {
  return text.split(token).join('[REDACTED]').replace(BOT_PATH, '/bot[REDACTED]');
}
