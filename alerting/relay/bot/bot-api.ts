/**
 * The Bot API methods the bot calls besides sendMessage (getUpdates, answerCallbackQuery, edits,
 * getChatMember, setWebhook): one request each, never throwing, never retrying. Its answer is the
 * method's result or Telegram's description, scrubbed of the token (which is in every URL) like
 * ../telegram.ts does for sendMessage.
 */
import { scrubToken } from '../telegram';

export type BotAnswer<T> = { ok: true; result: T } | { ok: false; status?: number; description: string };

export interface BotApi {
  call<T = unknown>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs?: number,
    /** Ends the call early (a shutdown must not wait out a 25 s long poll). */
    signal?: AbortSignal,
  ): Promise<BotAnswer<T>>;
}

export function botApi(options: { apiUrl: string; token: string; timeoutMs: number }): BotApi {
  const base = `${options.apiUrl.replace(/\/+$/, '')}/bot${options.token}`;
  const scrub = (text: string) => scrubToken(text, options.token).slice(0, 500);
  return {
    async call<T>(
      method: string,
      params: Record<string, unknown>,
      timeoutMs = options.timeoutMs,
      signal?: AbortSignal,
    ) {
      try {
        const res = await fetch(`${base}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
          signal: signal
            ? AbortSignal.any([AbortSignal.timeout(timeoutMs), signal])
            : AbortSignal.timeout(timeoutMs),
        });
        const body = (await res.json().catch(() => undefined)) as
          | { ok?: boolean; result?: T; description?: string }
          | undefined;
        if (res.ok && body?.ok === true) return { ok: true as const, result: body.result as T };
        return {
          ok: false as const,
          status: res.status,
          description: scrub(body?.description ?? `HTTP ${res.status}`),
        };
      } catch (err) {
        const name = (err as { name?: string })?.name;
        const description =
          name === 'TimeoutError'
            ? `timeout after ${timeoutMs} ms`
            : scrub(`network error: ${(err as Error)?.message}`);
        return { ok: false as const, description };
      }
    },
  };
}
