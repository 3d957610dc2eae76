/**
 * The relay as a real process (alerting/relay/main.ts, as the end-to-end tests run it) on `port`,
 * delivering to the fake Telegram's `chatId`, with a webhook token, a spool and a short coalescing
 * wait; resolves once it listens.
 */
import type { FakeTelegram } from './fake-telegram';
import { type ServiceProcess, startServiceProcess } from './service-process';

export interface RelayProcessOptions {
  port: number;
  telegram: Pick<FakeTelegram, 'url' | 'token'>;
  chatId: string;
  webhookToken: string;
  spoolDir: string;
  /** More variables (RELAY_WATCHDOG_TIMEOUT, APP_ENV…). */
  env?: Record<string, string>;
  /** How long it may take to listen (30 s; more where a benchmark loads the machine). */
  readyTimeoutMs?: number;
}

export async function startRelayProcess(options: RelayProcessOptions): Promise<ServiceProcess> {
  const relay = startServiceProcess('alerting/relay/main.ts', {
    TELEGRAM_BOT_TOKEN: options.telegram.token,
    TELEGRAM_CHAT_ID: options.chatId,
    TELEGRAM_API_URL: options.telegram.url,
    RELAY_PORT: String(options.port),
    RELAY_WEBHOOK_TOKEN: options.webhookToken,
    RELAY_COALESCE_MS: '50',
    RELAY_SPOOL_DIR: options.spoolDir,
    ...options.env,
  });
  try {
    await relay.waitForLine((line) => line.message === 'Relay listening', options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await relay.kill();
    throw err;
  }
  return relay;
}
