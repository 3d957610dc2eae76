/**
 * Where the watchdog's state outlives the process: `relay-watchdog.json` in RELAY_SPOOL_DIR, beside
 * the spool, so a restart neither forgets a silence nor pages for one it already reported. Written
 * whole to a temporary file and renamed over the old one, so a crash leaves the old or the new state,
 * never half of one. Without RELAY_SPOOL_DIR nothing is kept (the clock starts again at start-up).
 * A file that cannot be read or written is not a reason to stop relaying alerts: the watchdog then
 * starts from start-up, and a failed write is logged and tried again with the next Watchdog.
 */
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WatchdogSnapshot } from './state';

export const WATCHDOG_FILE = 'relay-watchdog.json';

export interface WatchdogStore {
  /** What the last run saved; undefined when nothing (readable) was saved. */
  readonly saved?: WatchdogSnapshot;
  /** Resolves once stored; the latest snapshot wins when saves overlap. */
  save(snapshot: WatchdogSnapshot): Promise<void>;
}

export function memoryWatchdogStore(): WatchdogStore {
  return { save: async () => {} };
}

export function fileWatchdogStore(dir: string): WatchdogStore {
  const path = join(dir, WATCHDOG_FILE);
  let writing: Promise<void> = Promise.resolve();
  return {
    saved: readSnapshot(path),
    save(snapshot) {
      // One write at a time, in order: an older snapshot never lands after a newer one.
      const write = writing.then(async () => {
        await writeFile(`${path}.tmp`, `${JSON.stringify(snapshot)}\n`);
        await rename(`${path}.tmp`, path);
      });
      writing = write.catch(() => {});
      return write;
    },
  };
}

function readSnapshot(path: string): WatchdogSnapshot | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<WatchdogSnapshot>;
    if (typeof value.lastSeenMs !== 'number' || !Number.isFinite(value.lastSeenMs)) return undefined;
    return { lastSeenMs: value.lastSeenMs, silenceNotified: value.silenceNotified === true };
  } catch {
    return undefined;
  }
}
