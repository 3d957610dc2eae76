/**
 * npm run bench:ha
 *
 * The HA alert path's storm (bench/support/ha-storm.ts) at full size: 200 alerts, one every 100 ms,
 * while one Alertmanager, then one relay (back 2 s later), then one Prometheus are killed. Prints
 * delivered, lost and duplicated alerts, and which duplicates the relay's crash window explains
 * (target: 200 delivered, 0 lost, 0 duplicated outside that window); each duplicate is logged with
 * its times. Also how many alerts each relay accepted: both, or the claims were never raced. test/alerting/ha.test.ts runs a smaller storm in the suite.
 *
 * Environment: BENCH_HA_ALERTS (default 200), BENCH_HA_EVERY_MS (default 100).
 */
import { existsSync } from 'node:fs';
import { runHaStorm } from './support/ha-storm';

const NEEDED = ['/usr/bin/prometheus', '/usr/bin/prometheus-alertmanager'];

async function main() {
  const missing = NEEDED.filter((binary) => !existsSync(binary));
  if (missing.length > 0) {
    console.log(`bench:ha needs ${missing.join(' and ')} (Debian packages): not run`);
    return;
  }
  const started = performance.now();
  const result = await runHaStorm({
    alerts: Number(process.env.BENCH_HA_ALERTS ?? 200),
    everyMs: Number(process.env.BENCH_HA_EVERY_MS ?? 100),
    deadlineMs: 120_000,
    log: (line) => console.log(`${((performance.now() - started) / 1000).toFixed(1)} s: ${line}`),
  });
  const window = result.inCrashWindow;
  console.log(
    `alerts ${result.alerts}, delivered ${result.delivered}, lost ${result.lost.length}${result.lost.length ? ` (${result.lost.join(', ')})` : ''}, duplicated ${result.duplicated.length}${result.duplicated.length ? ` (${result.duplicated.join(', ')}; in the relay's crash window: ${window.length ? window.join(', ') : 'none'})` : ''}; ${result.messages} Telegram messages; accepted by relay 1: ${result.acceptedBy[0]}, relay 2: ${result.acceptedBy[1]}`,
  );
  if (result.lost.length > 0 || result.duplicated.length > window.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
