/**
 * "Same alert not re-sent within cooldown period" (spec section 4): the same alert (fingerprint)
 * with the same status, posted again before its cooldown is over, is not sent twice.
 *
 * Alertmanager already waits `repeat_interval` (= the cooldown) before repeating a group, but it
 * re-posts a whole group whenever one of its alerts changes, retries posts whose answer it missed,
 * and an HA pair posts everything twice: those are the duplicates caught here.
 *
 * - One entry per fingerprint, holding the last status sent: a resolved alert that fires again is
 *   news at once, whatever the cooldown (so a flapping alert never shows "resolved" while firing).
 * - A repeat counts as due once 90 % of the cooldown has passed: Alertmanager measures its
 *   repeat_interval from its own send, a moment before the relay saw it, so a full-length window
 *   here would swallow exactly the reminders the cooldown is meant to let through.
 * - Bounded: beyond `maxEntries` the entry seen longest ago goes first (Map keeps insertion order).
 */
import type { AlertStatus } from './webhook';

const DAY_MS = 86_400_000;
const UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** "None" in the spec: never repeated. Alertmanager's equivalent is repeat_interval 365d. */
export const NO_REPEAT_MS = 365 * DAY_MS;

/** Fraction of the cooldown within which a repeat is a duplicate. */
const DUE_FRACTION = 0.9;

/** A cooldown label ("5m", "1h", "1d", "none", also "90s" or "2h") in ms; undefined if malformed. */
export function parseCooldown(label: string | undefined): number | undefined {
  if (label === undefined) return undefined;
  if (label.trim().toLowerCase() === 'none') return NO_REPEAT_MS;
  const match = /^(\d{1,6})([smhd])$/.exec(label.trim());
  return match ? Number(match[1]) * (UNITS_MS[match[2] as string] as number) : undefined;
}

export interface SeenEntry {
  fingerprint: string;
  status: AlertStatus;
  /** Epoch ms until which the same status is a duplicate. */
  until: number;
}

export interface Deduplicator {
  isDuplicate(fingerprint: string, status: AlertStatus, now: number): boolean;
  /** Records a send; returns the new entry and the one it replaced (for `restore`). */
  record(
    fingerprint: string,
    status: AlertStatus,
    cooldownMs: number,
    now: number,
  ): { entry: SeenEntry; previous?: SeenEntry };
  /** Undoes a `record` (the spool write failed). */
  restore(fingerprint: string, previous: SeenEntry | undefined): void;
  /** Entries still in force, oldest first (what the spool keeps when it compacts). */
  entries(now: number): SeenEntry[];
}

export function createDeduplicator(options: {
  maxEntries: number;
  seen?: readonly SeenEntry[];
}): Deduplicator {
  const seen = new Map<string, SeenEntry>();
  const put = (entry: SeenEntry) => {
    seen.delete(entry.fingerprint);
    seen.set(entry.fingerprint, entry);
    for (const oldest of seen.keys()) {
      if (seen.size <= options.maxEntries) break;
      seen.delete(oldest);
    }
  };
  for (const entry of options.seen ?? []) put(entry);

  return {
    isDuplicate(fingerprint, status, now) {
      const entry = seen.get(fingerprint);
      return entry !== undefined && entry.status === status && now < entry.until;
    },
    record(fingerprint, status, cooldownMs, now) {
      const previous = seen.get(fingerprint);
      const entry = { fingerprint, status, until: now + Math.round(cooldownMs * DUE_FRACTION) };
      put(entry);
      return { entry, previous };
    },
    restore(fingerprint, previous) {
      if (previous) put(previous);
      else seen.delete(fingerprint);
    },
    entries(now) {
      return [...seen.values()].filter((entry) => entry.until > now);
    },
  };
}
