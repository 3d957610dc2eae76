/**
 * The rate limiter's memory across restarts: Telegram counts the messages of the last minute
 * whatever happened to the relay, so a relay restarted (or crash-looping) must not start with an
 * empty window and draw 429s. With RELAY_SPOOL_DIR the accepted send times and a 429's pause are
 * kept in `relay-sends.json` beside the spool, rewritten atomically after each change
 * (write-atomically.ts). Saves run one at a time and coalesce; a save lost to a kill -9 costs at most the last send,
 * which Telegram's 429 then covers. Without a spool directory the history is in memory only.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRateLimiter, type RateLimiter, type RateWindow, type SendHistory } from './rate-limit';
import { writeAtomically } from './write-atomically';

export const SEND_HISTORY_FILE = 'relay-sends.json';

const EMPTY: SendHistory = { sends: [], pausedUntil: 0 };

/** The history a previous run left in `dir`; an absent or unreadable file is an empty one. */
export function loadSendHistory(dir: string): SendHistory {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, SEND_HISTORY_FILE), 'utf8')) as Partial<SendHistory>;
    const sends = Array.isArray(parsed.sends)
      ? parsed.sends.filter(Number.isFinite).sort((a, b) => a - b)
      : [];
    const pausedUntil = Number.isFinite(parsed.pausedUntil) ? (parsed.pausedUntil as number) : 0;
    return { sends, pausedUntil };
  } catch {
    return EMPTY;
  }
}

/** A rate limiter that starts from the history in `dir` and keeps it there. */
export function persistedRateLimiter(
  windows: readonly RateWindow[],
  dir: string,
  onError: (err: unknown) => void,
): RateLimiter {
  const limiter = createRateLimiter(windows, loadSendHistory(dir));
  const path = join(dir, SEND_HISTORY_FILE);
  let saving = false;
  let dirty = false;

  const save = async () => {
    while (dirty) {
      dirty = false;
      // The spool directory may have been deleted under the relay (spool.ts re-creates it too).
      await mkdir(dir, { recursive: true });
      await writeAtomically(path, JSON.stringify(limiter.history()));
    }
  };
  const changed = () => {
    dirty = true;
    if (saving) return;
    saving = true;
    void save()
      .catch(onError)
      .finally(() => {
        saving = false;
        if (dirty) changed();
      });
  };

  return {
    delayMs: (now) => limiter.delayMs(now),
    record(now) {
      limiter.record(now);
      changed();
    },
    pauseUntil(until) {
      limiter.pauseUntil(until);
      changed();
    },
    history: () => limiter.history(),
  };
}
