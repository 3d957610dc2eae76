/**
 * Times as on-call people read them on a phone: "2026-02-18 17:30:00 WIB" in RELAY_TIME_ZONE, and
 * durations as their two largest units ("12m 10s").
 */
const formatters = new Map<string, (ms: number) => Record<string, string>>();

/** The parts of a date in `timeZone`, with `zone`: its abbreviation when it has a common one, else "GMT+7" or "UTC". */
function partsIn(timeZone: string): (ms: number) => Record<string, string> {
  let parts = formatters.get(timeZone);
  if (!parts) {
    const date = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      ...{ year: 'numeric', month: '2-digit', day: '2-digit' },
      ...{ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
    });
    // Indonesian zones have names people use (WIB, WITA, WIT); elsewhere the offset is clearer.
    const local = new Intl.DateTimeFormat('id-ID', { timeZone, timeZoneName: 'short' });
    const offset = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' });
    const zoneOf = (format: Intl.DateTimeFormat, ms: number) =>
      format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
    parts = (ms) => {
      const named = zoneOf(local, ms);
      const zone = /^[A-Z]{2,5}$/.test(named) ? named : zoneOf(offset, ms);
      return { ...Object.fromEntries(date.formatToParts(ms).map((p) => [p.type, p.value])), zone };
    };
    formatters.set(timeZone, parts);
  }
  return parts;
}

/** "2026-02-18 17:30:00 WIB". */
export function formatTime(ms: number, timeZone: string): string {
  const p = partsIn(timeZone)(ms);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${p.zone}`;
}

/** "45s", "12m 10s", "3h 5m", "2d 4h": the two largest units. */
export function formatDuration(ms: number): string {
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const parts: string[] = [];
  let rest = Math.round(ms / 1000) * 1000;
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
  }
  const shown = parts.slice(0, 2).filter((p, i) => i === 0 || !p.startsWith('0'));
  return shown.length > 0 ? shown.join(' ') : '0s';
}
