import { parseWatchdogTimeout } from '../../../../alerting/relay/watchdog/timeout';

describe('RELAY_WATCHDOG_TIMEOUT', () => {
  it.each([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    [' 5s ', 5000],
    ['off', null],
    ['OFF', null],
  ])('reads %j', (value, ms) => {
    expect(parseWatchdogTimeout(value)).toBe(ms);
  });

  it.each(['none', '0s', '10', '10 minutes', '1w', '', '-5m'])('refuses %j', (value) => {
    expect(parseWatchdogTimeout(value)).toBeUndefined();
  });
});
