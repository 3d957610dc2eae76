/**
 * The dead man's switch, as state: when the last Watchdog arrived, whether the pipeline counts as
 * silent, and which notice (silent, or back) the relay owes the chat. Pure: every method takes the
 * time, so tests drive it with their own clock; watchdog.ts adds the timer, the queue and the file.
 *
 * - The clock starts at start-up (`startedAt`): a relay that has not had a Watchdog yet is given one
 *   timeout before it calls the pipeline silent, so a fresh or restarted relay never pages at once.
 *   A restart keeps the last-seen time from before (saved in the spool directory), so the silence
 *   notice, when it comes, says since when; and a silence already notified stays notified.
 * - One "silent" notice per silence, one "back" notice when a Watchdog ends a notified silence.
 *   A notice counts as given once the queue took it (`given`); until then it is owed again.
 */

export interface WatchdogSnapshot {
  /** Epoch ms of the last Watchdog (the start-up time until the first one). */
  lastSeenMs: number;
  /** A "silent" notice was queued for the current silence. */
  silenceNotified: boolean;
}

export type WatchdogNotice =
  | { kind: 'silent'; sinceMs: number; atMs: number }
  | { kind: 'recovered'; sinceMs: number; atMs: number };

export interface WatchdogState {
  /** A firing Watchdog arrived at `at`. */
  seen(at: number): void;
  /** Silent: past the deadline, or a notified silence that no Watchdog has ended yet. */
  silent(at: number): boolean;
  /** Milliseconds since the last Watchdog (never negative). */
  ageMs(at: number): number;
  /** The notice owed now, if any: a return first, then a new silence. */
  due(at: number): WatchdogNotice | undefined;
  /** The queue took `notice`. */
  given(notice: WatchdogNotice): void;
  snapshot(): WatchdogSnapshot;
}

export function createWatchdogState(options: {
  timeoutMs: number;
  startedAt: number;
  saved?: WatchdogSnapshot;
}): WatchdogState {
  const { timeoutMs, startedAt } = options;
  let lastSeen = options.saved?.lastSeenMs ?? startedAt;
  let notified = options.saved?.silenceNotified ?? false;
  let recovery: WatchdogNotice | undefined;
  const deadline = () => Math.max(lastSeen, startedAt) + timeoutMs;

  return {
    seen(at) {
      if (notified) recovery = { kind: 'recovered', sinceMs: lastSeen, atMs: at };
      notified = false;
      lastSeen = Math.max(lastSeen, at);
    },
    silent: (at) => notified || at >= deadline(),
    ageMs: (at) => Math.max(0, at - lastSeen),
    due(at) {
      if (recovery) return recovery;
      if (!notified && at >= deadline()) return { kind: 'silent', sinceMs: lastSeen, atMs: at };
      return undefined;
    },
    given(notice) {
      if (notice.kind === 'recovered') recovery = undefined;
      else if (notice.sinceMs === lastSeen) notified = true;
      // A Watchdog came while the notice was being queued: the chat is owed its end too.
      else recovery = { kind: 'recovered', sinceMs: notice.sinceMs, atMs: lastSeen };
    },
    snapshot: () => ({ lastSeenMs: lastSeen, silenceNotified: notified }),
  };
}
