/**
 * The HA alert path with the real binaries (bench/support/ha-storm.ts): two Prometheus replicas, two
 * Alertmanagers in a gossip cluster on loopback, two relay processes sharing a claims directory, the
 * fake Telegram. A smaller storm than `npm run bench:ha` (30 alerts, not 200), with the same crashes:
 * one Alertmanager, then one relay (back 2 s later), then one Prometheus killed with SIGKILL. Every
 * alert is delivered, none twice but in the relay's crash window (README). Generous deadlines, no
 * timing asserted.
 */
import { runHaStorm } from '../../bench/support/ha-storm';

jest.setTimeout(300_000);

it('delivers every alert of a storm once while one of each part is killed', async () => {
  const lines: string[] = [];
  const result = await runHaStorm({
    alerts: 30,
    everyMs: 300,
    deadlineMs: 150_000,
    log: (line) => lines.push(line),
  });
  expect({ lost: result.lost, log: result.lost.length ? lines : [] }).toEqual({ lost: [], log: [] });
  // A relay killed between Telegram's answer and its spool's `done` record sends again once back:
  // the one window in which the README allows a duplicate. Any other is a regression.
  const outside = result.duplicated.filter((id) => !result.inCrashWindow.includes(id));
  expect({ outside, log: outside.length ? lines : [] }).toEqual({ outside: [], log: [] });
  expect(result.delivered).toBe(30);
  // The crashes happened on the way, in order.
  expect(lines.filter((l) => l.startsWith('killing'))).toEqual([
    'killing Alertmanager 1 (SIGKILL)',
    'killing relay 1 (SIGKILL)',
    'killing Prometheus 1 (SIGKILL)',
  ]);
});
