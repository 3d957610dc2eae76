import type { Scenario } from '../scenario';

/** The Telegram relay stops: Telegram cannot carry the news, so it must come by e-mail. */
export const relayDown: Scenario = {
  name: 'relay down',
  expect: { alert: 'RelayDown', channel: 'email' },
  break: (world) => world.stack.stopService('relay'),
  restore: (world) => world.stack.startService('relay'),
};
