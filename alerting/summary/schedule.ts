/**
 * When the summary runs: a cron pattern read in an IANA time zone (croner), so "0 8 * * *" in
 * Asia/Jakarta is 01:00 UTC whatever the host's zone. A run still going when the next one is due
 * is not doubled (protect).
 */
import { Cron } from 'croner';

export function isValidCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** The next `count` run times after `from`. */
export function nextRuns(pattern: string, timeZone: string, from: Date, count = 1): Date[] {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });
  try {
    return cron.nextRuns(count, from);
  } finally {
    cron.stop();
  }
}

export interface Schedule {
  /** Undefined once stopped. */
  nextRun(): Date | undefined;
  stop(): void;
}

/** `onError` gets what `task` throws, so a failed run never ends the process. */
export function startSchedule(
  pattern: string,
  timeZone: string,
  task: () => Promise<void>,
  onError: (err: unknown) => void,
): Schedule {
  const cron = new Cron(pattern, { timezone: timeZone, protect: true }, async () => {
    try {
      await task();
    } catch (err) {
      onError(err);
    }
  });
  return { nextRun: () => cron.nextRun() ?? undefined, stop: () => cron.stop() };
}
