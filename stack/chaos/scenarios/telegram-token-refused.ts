import type { Scenario } from '../scenario';

const canary = { alertname: 'ChaosCanary', severity: 'critical', cooldown: '5m' };

/**
 * Telegram refuses the bot's token (revoked in BotFather): 401 Unauthorized on every call. A refusal
 * shows only when there is something to send, so a canary alert goes into Alertmanager with it, as any
 * real alert would; what must reach a human is the relay failing, by e-mail.
 */
export const telegramTokenRefused: Scenario = {
  name: 'Telegram refusing the token',
  expect: { alert: 'RelayDeliveryFailing', channel: 'email' },
  async break(world) {
    world.telegram.revokeToken(true);
    await world.postAlert(canary);
  },
  async restore(world) {
    world.telegram.revokeToken(false);
    await world.postAlert(canary, true);
  },
};
