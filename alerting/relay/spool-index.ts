/**
 * What a spool holds, rebuilt by replaying its records: the alerts accepted and not yet delivered,
 * and the dedup entries. The spool file (spool.ts) keeps records; this keeps their meaning, and
 * gives back the few records that say the same when the file is compacted.
 */
import type { SeenEntry } from './dedup';
import type { QueuedAlert } from './queued-alert';

export type SpoolRecord =
  | { t: 'alert'; id: number; at: number; until: number; alert: QueuedAlert['alert'] }
  | { t: 'done'; ids: number[] }
  | ({ t: 'seen' } & SeenEntry);

/** What a spool held when it was opened. */
export interface SpoolState {
  pending: QueuedAlert[];
  seen: SeenEntry[];
  /** Above every id still held: the next accepted alert's. */
  nextId: number;
  /** Unreadable lines skipped (a torn last line after a crash). */
  skipped: number;
}

export class SpoolIndex {
  private readonly live = new Map<number, SpoolRecord & { t: 'alert' }>();
  private readonly seen = new Map<string, SeenEntry>();
  private nextId = 1;
  skipped = 0;

  /** Records held: the measure of how much a compaction would shrink the file to. */
  get size(): number {
    return this.live.size + this.seen.size;
  }

  apply(record: SpoolRecord): void {
    if (record.t === 'done') {
      for (const id of record.ids) this.live.delete(id);
      return;
    }
    if (record.t === 'alert') {
      this.live.set(record.id, record);
      this.nextId = Math.max(this.nextId, record.id + 1);
    }
    const entry: SeenEntry =
      record.t === 'alert'
        ? { fingerprint: record.alert.fingerprint, status: record.alert.status, until: record.until }
        : { fingerprint: record.fingerprint, status: record.status, until: record.until };
    this.seen.delete(entry.fingerprint); // re-inserted last: Map order is age order
    this.seen.set(entry.fingerprint, entry);
  }

  /** One line of the file; unreadable lines are counted and ignored. */
  applyLine(line: string): void {
    const record = parseRecord(line);
    if (record) this.apply(record);
    else this.skipped++;
  }

  /** The records a compacted file holds: pending alerts, then dedup entries in force (the newest `maxSeen`). */
  compacted(now: number, maxSeen: number): SpoolRecord[] {
    const entries = [...this.seen.values()].filter((e) => e.until > now).slice(-maxSeen);
    this.seen.clear();
    for (const e of entries) this.seen.set(e.fingerprint, e);
    return [...this.live.values(), ...entries.map((e): SpoolRecord => ({ t: 'seen', ...e }))];
  }

  state(): SpoolState {
    const pending = [...this.live.values()].map((r) => ({ id: r.id, alert: r.alert, acceptedAt: r.at }));
    return { pending, seen: [...this.seen.values()], nextId: this.nextId, skipped: this.skipped };
  }
}

function parseRecord(text: string): SpoolRecord | undefined {
  try {
    const record = JSON.parse(text) as SpoolRecord;
    if (record.t === 'alert' && Number.isInteger(record.id) && typeof record.alert?.fingerprint === 'string')
      return record;
    if (record.t === 'done' && Array.isArray(record.ids)) return record;
    if (record.t === 'seen' && typeof record.fingerprint === 'string') return record;
  } catch {
    // A torn line.
  }
  return undefined;
}
