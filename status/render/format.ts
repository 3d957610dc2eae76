/** Times, durations and shares as the page, the feed and the badges write them. */

/** "6 Dec 2026, 20:53" in `timeZone`. */
export function formatTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(at * 1000),
  );
}

/** "6 Dec 2026" for a YYYY-MM-DD date. */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** "45 s", "12 min", "1 h 5 min", "3 d 2 h": the two largest units. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const units: [number, string][] = [
    [86_400, 'd'],
    [3600, 'h'],
    [60, 'min'],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) parts.push(`${n} ${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith('0 ')).join(' ');
}

/** "99.95 %", never rounding a failure up to 100. */
export function formatShare(share: number): string {
  const floored = Math.floor(share * 10_000) / 100;
  return `${floored.toFixed(2)} %`;
}
