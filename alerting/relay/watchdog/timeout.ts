/**
 * RELAY_WATCHDOG_TIMEOUT: how long without a Watchdog before the relay calls the pipeline silent.
 * The same duration syntax as RELAY_DEFAULT_COOLDOWN (`90s`, `10m`, `1h`, parsed by the same
 * parseCooldown), plus `off`. Its `none` is refused: "never silent" is spelled `off` here.
 */
import { z } from 'zod';
import { parseCooldown } from '../dedup';

export const DEFAULT_WATCHDOG_TIMEOUT = '10m';

/** Shorter than Alertmanager's 1m repeat of the Watchdog would page between two of them. */
const MIN_TIMEOUT_MS = 1000;

/** Milliseconds; `null` for `off`; undefined when malformed. */
export function parseWatchdogTimeout(value: string): number | null | undefined {
  const text = value.trim().toLowerCase();
  if (text === 'off') return null;
  if (text === 'none') return undefined;
  const ms = parseCooldown(text);
  return ms !== undefined && ms >= MIN_TIMEOUT_MS ? ms : undefined;
}

/** The zod field for the relay's schema. */
export const watchdogTimeoutVar = () =>
  z
    .string()
    .refine(
      (value) => parseWatchdogTimeout(value) !== undefined,
      'must be a duration such as 90s, 10m, 1h (at least 1s), or off',
    )
    .default(DEFAULT_WATCHDOG_TIMEOUT);
