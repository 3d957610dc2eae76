/**
 * Keeps the Watchdog out of the chat even when Alertmanager's routing sends it down the ordinary
 * webhook (a route missing or ordered wrongly): the intake the webhook uses drops alerts named
 * `Watchdog` and counts a firing one as a sign of life, as POST /alertmanager/watchdog would.
 * Without this, a misrouted Watchdog would be a Telegram message every repeat_interval.
 */
import type { Intake } from '../intake';

export const WATCHDOG_ALERTNAME = 'Watchdog';

export function withoutWatchdog(intake: Intake, seen: () => void): Intake {
  return {
    async accept(alerts) {
      const watchdogs = alerts.filter((a) => a.labels.alertname === WATCHDOG_ALERTNAME);
      if (watchdogs.length === 0) return intake.accept(alerts);
      if (watchdogs.some((a) => a.status === 'firing')) seen();
      const others = alerts.filter((a) => a.labels.alertname !== WATCHDOG_ALERTNAME);
      return others.length > 0 ? intake.accept(others) : { ok: true, accepted: 0, deduplicated: 0 };
    },
  };
}
