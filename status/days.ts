/**
 * Calendar days in a time zone, for the 90 daily bars: where each local day starts and how it is
 * written. The offset is read at the instant given, so in a zone with daylight saving a day's
 * boundary can be an hour off on the days the clocks change (Asia/Jakarta has none).
 */

const DAY_SECONDS = 86_400;

function offsetSeconds(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at * 1000));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return Math.round(local / 1000 - Math.floor(at));
}

/** The start of the local day containing `at` (seconds since the epoch). */
export function startOfDay(at: number, timeZone: string): number {
  const offset = offsetSeconds(at, timeZone);
  const local = Math.floor(at) + offset;
  return local - (((local % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS) - offset;
}

/** YYYY-MM-DD of the local day containing `at`. */
export function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at * 1000));
}

/** The starts of the last `count` local days, oldest first, today last. */
export function lastDays(now: number, count: number, timeZone: string): number[] {
  const today = startOfDay(now, timeZone);
  return Array.from({ length: count }, (_, i) => today - (count - 1 - i) * DAY_SECONDS);
}

export { DAY_SECONDS };
