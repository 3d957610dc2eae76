/**
 * Builds the JSON body of Loki's push API (`POST /loki/api/v1/push`) from our log lines.
 *
 * Pure functions, no I/O. Stream labels are only `app`, `env` and `level`: every other field
 * (request ids, users, status codes) stays inside the line, because each distinct label set is a
 * separate Loki stream and high-cardinality labels make Loki slow and expensive.
 */

export type LokiLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'unknown';

/** The labels that are the same for every line of a service. */
export interface StaticLabels {
  app: string;
  env: string;
}

/** One line ready to be sent: its level label and its timestamp in Unix epoch nanoseconds. */
export interface LokiEntry {
  level: LokiLevel;
  tsNs: string;
  line: string;
}

export interface LokiStream {
  stream: Record<string, string>;
  values: [string, string][];
}

export interface LokiPushRequest {
  streams: LokiStream[];
}

const LEVELS: ReadonlySet<string> = new Set(['debug', 'info', 'warning', 'error', 'critical']);

/** The `level` label for a line's `level` field: our five levels lower-cased, anything else "unknown". */
export function levelLabel(value: unknown): LokiLevel {
  if (typeof value !== 'string') return 'unknown';
  const level = value.toLowerCase();
  return LEVELS.has(level) ? (level as LokiLevel) : 'unknown';
}

// Strict ISO 8601 with an explicit zone: a zone-less time would silently depend on the host's TZ.
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Unix epoch nanoseconds (a string of digits, as Loki wants) for an ISO 8601 timestamp, keeping
 * sub-millisecond digits. `undefined` when the value is not a valid timestamp at or after 1970.
 */
export function isoToNs(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as Six;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetMinutes = zoneOffsetMinutes(match[8] ?? 'Z');
  if (offsetMinutes === undefined) return undefined;
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  if (epochMs < 0) return undefined;
  return (BigInt(epochMs) * 1_000_000n + BigInt((match[7] ?? '').padEnd(9, '0'))).toString();
}

type Six = [number, number, number, number, number, number];

function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

/** Nanoseconds for a time in milliseconds (e.g. `Date.now()`). */
export function msToNs(ms: number): string {
  return (BigInt(Math.floor(ms)) * 1_000_000n).toString();
}

/**
 * Reads level and timestamp from a JSON line. A line that is not a JSON object, or has no valid
 * `timestamp`, is still shipped: level "unknown" and/or the time the shipper received it.
 */
export function toEntry(line: string, receivedAtMs: number): LokiEntry {
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      fields = parsed as Record<string, unknown>;
    }
  } catch {
    // Not JSON: ship it as is.
  }
  return {
    level: levelLabel(fields.level),
    tsNs: isoToNs(fields.timestamp) ?? msToNs(receivedAtMs),
    line,
  };
}

/** One stream per level, in order of first appearance; entries keep their order within a stream. */
export function buildPushRequest(labels: StaticLabels, entries: readonly LokiEntry[]): LokiPushRequest {
  const streams = new Map<LokiLevel, LokiStream>();
  for (const entry of entries) {
    let stream = streams.get(entry.level);
    if (!stream) {
      stream = { stream: { app: labels.app, env: labels.env, level: entry.level }, values: [] };
      streams.set(entry.level, stream);
    }
    stream.values.push([entry.tsNs, entry.line]);
  }
  return { streams: [...streams.values()] };
}
