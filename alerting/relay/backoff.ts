/**
 * How long to wait after `failures` failed sendMessage calls in a row (1 for the first): `initialMs`
 * doubled per failure up to `maxMs`, then jittered by ±20 % (never above `maxMs`) so that a relay
 * restarted during an outage does not hit Telegram in step with its own earlier retries.
 */
export function backoffMs(
  failures: number,
  { initialMs, maxMs }: { initialMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 30); // 2 ** 30: no overflow
  const exponential = Math.min(maxMs, initialMs * 2 ** doublings);
  return Math.min(maxMs, Math.round(exponential * (0.8 + random() * 0.4)));
}
