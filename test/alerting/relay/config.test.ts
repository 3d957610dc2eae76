import { loadRelayConfig } from '../../../alerting/relay/config';
import { NO_REPEAT_MS } from '../../../alerting/relay/dedup';
import { ConfigError } from '../../../lib/config/env';
import { FAKE_BOT_TOKEN } from '../../support/fake-telegram';

const required = { TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_CHAT_ID: '-1001234567890' };

function problems(env: Record<string, string>): string[] {
  try {
    loadRelayConfig({ ...required, ...env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.message).not.toContain(FAKE_BOT_TOKEN.split(':')[1]);
    return err.problems.map((p) => `${p.variable}: ${p.reason}`);
  }
  return [];
}

describe('relay configuration', () => {
  it('needs only the bot token and the chat', () => {
    expect(loadRelayConfig(required)).toEqual({
      port: 9471,
      version: expect.any(String),
      revision: 'unknown',
      env: 'development',
      logLevel: 'debug',
      lokiUrl: undefined,
      shutdownDrainMs: 1000,
      metricsToken: undefined,
      telegram: {
        apiUrl: 'https://api.telegram.org',
        token: FAKE_BOT_TOKEN,
        chatId: '-1001234567890',
        timeoutMs: 10_000,
      },
      webhookToken: undefined,
      bodyLimitBytes: 1024 * 1024,
      spoolDir: undefined,
      queueMax: 10_000,
      dedupMax: 10_000,
      defaultCooldownMs: 300_000,
      timeZone: 'Asia/Jakarta',
      coalesceMs: 500,
      retryMaxDelayMs: 60_000,
      shutdownFlushMs: 4000,
      watchdogTimeoutMs: 600_000,
      bot: null,
    });
  });

  it('reads every variable', () => {
    const config = loadRelayConfig({
      ...required,
      RELAY_PORT: '8000',
      APP_ENV: 'production',
      TELEGRAM_API_URL: 'http://telegram-proxy:8081',
      TELEGRAM_CHAT_ID: '@clicky_alerts',
      RELAY_WEBHOOK_TOKEN: 'abc.DEF-123',
      RELAY_SPOOL_DIR: '/var/lib/relay',
      RELAY_DEFAULT_COOLDOWN: 'none',
      RELAY_TIME_ZONE: 'UTC',
      RELAY_BODY_LIMIT_BYTES: '2048',
      RELAY_WATCHDOG_TIMEOUT: '90s',
    });
    expect(config).toMatchObject({
      port: 8000,
      logLevel: 'info',
      telegram: { apiUrl: 'http://telegram-proxy:8081', chatId: '@clicky_alerts' },
      webhookToken: 'abc.DEF-123',
      spoolDir: '/var/lib/relay',
      defaultCooldownMs: NO_REPEAT_MS,
      timeZone: 'UTC',
      bodyLimitBytes: 2048,
      watchdogTimeoutMs: 90_000,
    });
    expect(loadRelayConfig({ ...required, RELAY_WATCHDOG_TIMEOUT: 'off' }).watchdogTimeoutMs).toBeNull();
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: '' }, 'TELEGRAM_BOT_TOKEN: is required'],
    [{ TELEGRAM_CHAT_ID: '' }, 'TELEGRAM_CHAT_ID: is required'],
    [
      { TELEGRAM_BOT_TOKEN: `${FAKE_BOT_TOKEN} ` },
      'TELEGRAM_BOT_TOKEN: must be a bot token as BotFather gives it (<digits>:<35 characters>)',
    ],
    [
      { TELEGRAM_BOT_TOKEN: 'abc:def' },
      'TELEGRAM_BOT_TOKEN: must be a bot token as BotFather gives it (<digits>:<35 characters>)',
    ],
    [
      { TELEGRAM_CHAT_ID: 'clicky' },
      'TELEGRAM_CHAT_ID: must be a chat id (an integer, negative for groups) or @channelname',
    ],
    [
      { TELEGRAM_CHAT_ID: '12.5' },
      'TELEGRAM_CHAT_ID: must be a chat id (an integer, negative for groups) or @channelname',
    ],
    [{ TELEGRAM_API_URL: 'ftp://x' }, 'TELEGRAM_API_URL: must be a URL starting with http:// or https://'],
    [{ RELAY_PORT: '70000' }, 'RELAY_PORT: must be between 1 and 65535'],
    [
      { RELAY_WEBHOOK_TOKEN: 'has space' },
      'RELAY_WEBHOOK_TOKEN: must be a bearer token (letters, digits and -._~+/, optionally ending in =)',
    ],
    [
      { RELAY_DEFAULT_COOLDOWN: '1w' },
      'RELAY_DEFAULT_COOLDOWN: must be a duration such as 5m, 1h, 1d, or none',
    ],
    [
      { RELAY_WATCHDOG_TIMEOUT: 'none' },
      'RELAY_WATCHDOG_TIMEOUT: must be a duration such as 90s, 10m, 1h (at least 1s), or off',
    ],
    [{ RELAY_TIME_ZONE: 'Mars/Olympus' }, 'RELAY_TIME_ZONE: must be an IANA time zone such as Asia/Jakarta'],
    [{ RELAY_BODY_LIMIT_BYTES: '10' }, 'RELAY_BODY_LIMIT_BYTES: must be at least 1024'],
    [
      { SHUTDOWN_DRAIN_MS: '5000', RELAY_SHUTDOWN_FLUSH_MS: '4000' },
      'RELAY_SHUTDOWN_FLUSH_MS: plus SHUTDOWN_DRAIN_MS must be at most 8000 ms',
    ],
    [
      { RELAY_SPOOL_DIR: '/var/lib/relay', RELAY_HA_CLAIMS_DIR: '/var/lib/relay/' },
      "RELAY_HA_CLAIMS_DIR: must not be RELAY_SPOOL_DIR: the claims are shared by the pair, the spool is each relay's own",
    ],
    [
      { APP_ENV: 'production', LOG_LEVEL: 'debug' },
      'LOG_LEVEL: debug is not allowed when APP_ENV=production',
    ],
  ])('refuses %j, naming the variable', (env, problem) => {
    expect(problems(env)).toEqual([problem]);
  });
});
