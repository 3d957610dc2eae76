/**
 * Telegram's flood limits, kept rather than discovered through 429s (Bot API FAQ, "My bot is
 * hitting limits"): about one message a second in a chat, no more than 20 a minute in a group, and
 * about 30 a second overall.
 *
 * A sliding-window log: a send may start once every window holds fewer than its maximum. Accepted
 * sends are recorded when Telegram's answer arrives, which is no earlier than Telegram counted them, so the
 * relay's windows always contain Telegram's (network delay cannot squeeze two sends into one
 * window as Telegram sees it).
 */

export interface RateWindow {
  /** Sends allowed within any `ms`. */
  max: number;
  ms: number;
}

/** Timer slack, so a send scheduled for the edge of a window is not early by a tick. */
const EDGE_MS = 50;

export const PER_CHAT: RateWindow = { max: 1, ms: 1000 + EDGE_MS };
export const PER_GROUP: RateWindow = { max: 20, ms: 60_000 + EDGE_MS };
export const GLOBAL: RateWindow = { max: 30, ms: 1000 + EDGE_MS };

/**
 * Groups, supergroups and channels have negative ids (-100...) or, for public ones, an @username;
 * a private chat with a person has a positive id.
 */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith('-') || chatId.startsWith('@');
}

/** The windows that apply to sending into `chatId` (the relay has one chat, so global is its own). */
export function telegramWindows(chatId: string): RateWindow[] {
  return isGroupChat(chatId) ? [PER_CHAT, PER_GROUP, GLOBAL] : [PER_CHAT, GLOBAL];
}

/** What the limiter remembers: accepted sends (epoch ms, newest last) and the end of a 429's pause. */
export interface SendHistory {
  sends: number[];
  pausedUntil: number;
}

export interface RateLimiter {
  /** Milliseconds to wait before the next send may start (0: now). */
  delayMs(now: number): number;
  /**
   * Telegram accepted a message. Failed calls (5xx, timeouts, refusals) are not recorded: Telegram
   * counts messages it posts, and counting failures made the first send after an outage wait for
   * a window full of them (up to a minute in a group) instead of the backoff.
   */
  record(now: number): void;
  /** No sends before `until` (a 429's retry_after). */
  pauseUntil(until: number): void;
  /** What it remembers, to be given back to the limiter of the next run (send-history.ts). */
  history(): SendHistory;
}

export function createRateLimiter(windows: readonly RateWindow[], from?: SendHistory): RateLimiter {
  const keep = Math.max(1, ...windows.map((w) => w.max));
  const longest = Math.max(0, ...windows.map((w) => w.ms));
  let sends: number[] = from ? from.sends.slice(-keep) : [];
  let pausedUntil = from?.pausedUntil ?? 0;

  return {
    delayMs(now) {
      let next = pausedUntil;
      for (const { max, ms } of windows) {
        const inWindow = sends.filter((t) => t > now - ms);
        // The window is full: wait until its oldest relevant send leaves it.
        const oldest = inWindow.length >= max ? inWindow[inWindow.length - max] : undefined;
        if (oldest !== undefined) next = Math.max(next, oldest + ms);
      }
      return Math.max(0, next - now);
    },
    record(now) {
      sends.push(now);
      sends = sends.filter((t) => t > now - longest).slice(-keep);
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
    history: () => ({ sends: [...sends], pausedUntil }),
  };
}
