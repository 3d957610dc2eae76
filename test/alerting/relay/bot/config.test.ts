import { loadRelayConfig } from '../../../../alerting/relay/config';
import { ConfigError } from '../../../../lib/config/env';
import { FAKE_BOT_TOKEN } from '../../../support/fake-telegram';

const required = { TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN, TELEGRAM_CHAT_ID: '-1001234567890' };
const SECRET = 'b'.repeat(40);

function problems(env: Record<string, string>): string[] {
  try {
    loadRelayConfig({ ...required, ...env });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain('hunter2');
    return err.problems.map((p) => `${p.variable}: ${p.reason}`);
  }
  return [];
}

describe('bot configuration', () => {
  it('is off unless RELAY_BOT turns it on', () => {
    expect(loadRelayConfig(required).bot).toBeNull();
  });

  it('needs the signing secret and Alertmanager once on, naming each', () => {
    expect(problems({ RELAY_BOT: 'polling' })).toEqual([
      'RELAY_BOT_SECRET: is required when RELAY_BOT is polling',
      'ALERTMANAGER_URL: is required when RELAY_BOT is polling',
    ]);
    expect(
      problems({ RELAY_BOT: 'polling', RELAY_BOT_SECRET: 'short', ALERTMANAGER_URL: 'http://am:9093' }),
    ).toEqual(['RELAY_BOT_SECRET: must be at least 32 characters (e.g. openssl rand -hex 32)']);
  });

  it('needs a public HTTPS URL and a secret token for webhook mode, naming each', () => {
    const on = { RELAY_BOT: 'webhook', RELAY_BOT_SECRET: SECRET, ALERTMANAGER_URL: 'http://am:9093' };
    expect(problems(on)).toEqual([
      'RELAY_BOT_WEBHOOK_URL: is required when RELAY_BOT is webhook',
      'RELAY_BOT_WEBHOOK_SECRET: is required when RELAY_BOT is webhook',
    ]);
    expect(
      problems({ ...on, RELAY_BOT_WEBHOOK_URL: 'http://relay.example/tg', RELAY_BOT_WEBHOOK_SECRET: 'a b' }),
    ).toEqual([
      expect.stringMatching(/^RELAY_BOT_WEBHOOK_URL: /),
      expect.stringMatching(/^RELAY_BOT_WEBHOOK_SECRET: must be 32 to 256 characters/),
    ]);
    const config = loadRelayConfig({
      ...required,
      ...on,
      RELAY_BOT_WEBHOOK_URL: 'https://relay.example/telegram/webhook',
      RELAY_BOT_WEBHOOK_SECRET: SECRET,
    });
    expect(config.bot).toMatchObject({
      transport: 'webhook',
      webhook: { url: 'https://relay.example/telegram/webhook', secret: SECRET },
    });
  });

  it('reads transport, expiry, admins and basic auth', () => {
    const config = loadRelayConfig({
      ...required,
      RELAY_BOT: 'Polling',
      RELAY_BOT_SECRET: SECRET,
      RELAY_BOT_CALLBACK_TTL: '1d',
      TELEGRAM_ADMIN_IDS: '42, 7',
      ALERTMANAGER_URL: 'http://am:9093/',
      ALERTMANAGER_USERNAME: 'relay',
      ALERTMANAGER_PASSWORD: 'hunter2',
    });
    expect(config.bot).toEqual({
      transport: 'polling',
      secret: SECRET,
      callbackTtlMs: 86_400_000,
      adminIds: ['42', '7'],
      alertmanager: { url: 'http://am:9093', basicAuth: { username: 'relay', password: 'hunter2' } },
    });
    expect(
      loadRelayConfig({
        ...required,
        RELAY_BOT: 'polling',
        RELAY_BOT_SECRET: SECRET,
        ALERTMANAGER_URL: 'http://am:9093',
      }).bot?.callbackTtlMs,
    ).toBe(7 * 86_400_000);
  });

  it('refuses bad values without echoing them', () => {
    const on = { RELAY_BOT: 'polling', RELAY_BOT_SECRET: SECRET, ALERTMANAGER_URL: 'http://am:9093' };
    expect(problems({ ...on, RELAY_BOT_CALLBACK_TTL: 'none' })).toEqual([
      'RELAY_BOT_CALLBACK_TTL: must be a duration such as 12h or 7d (at least 1m)',
    ]);
    expect(problems({ ...on, TELEGRAM_ADMIN_IDS: '42,@bob' })).toEqual([
      'TELEGRAM_ADMIN_IDS: must be comma-separated Telegram user ids',
    ]);
    expect(problems({ ...on, ALERTMANAGER_PASSWORD: 'hunter2' })).toEqual([
      'ALERTMANAGER_USERNAME: is required with the other half of the basic auth',
    ]);
    expect(problems({ RELAY_BOT: 'sometimes' })).toEqual(['RELAY_BOT: must be one of off, polling, webhook']);
  });
});
