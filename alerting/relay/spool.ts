/**
 * Where accepted alerts wait for Telegram, so that a 2xx to Alertmanager means "will be delivered",
 * crash or not (RELAY_SPOOL_DIR). One append-only file of JSON lines, `relay-spool.jsonl`:
 *
 *   {"t":"alert","id":7,"at":1760000000000,"until":1760000270000,"alert":{...}}   accepted
 *   {"t":"done","ids":[7,8]}                                                     delivered
 *   {"t":"seen","fingerprint":"…","status":"firing","until":1760000270000}       dedup state (compaction)
 *
 * - Appends are fsync'd before they resolve; appends that arrive while a write is in flight share
 *   the next write and fsync (group commit), so an alert storm costs a few fsyncs, not one each.
 * - A line torn by a crash (or a failed write) is skipped on load; the next write starts on a new line.
 * - Compaction rewrites the live records (pending alerts, dedup entries still in force) to a
 *   temporary file, fsyncs it and renames it over the spool, at start and whenever dead lines
 *   outnumber live ones (past a minimum). Alertmanager stays the source of truth beyond that: the
 *   spool holds only what the relay has promised and not yet delivered.
 * Why a file and not PostgreSQL or Redis: alerts about those being down must still go out.
 */
import { type FileHandle, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { SpoolIndex, type SpoolRecord, type SpoolState } from './spool-index';

export type { SpoolRecord, SpoolState } from './spool-index';

export interface Spool {
  readonly durable: boolean;
  /** Resolves once the records are safely stored; rejects when they may not be. */
  append(records: readonly SpoolRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** No durability (RELAY_SPOOL_DIR unset): what is queued is lost if the process dies. */
export function memorySpool(): Spool {
  return { durable: false, append: async () => {}, close: async () => {} };
}

export const SPOOL_FILE = 'relay-spool.jsonl';
/** Lines written since the last compaction before it is considered. */
const COMPACT_AFTER_LINES = 1000;

export async function openFileSpool(
  dir: string,
  options: { maxSeen: number; now?: () => number },
): Promise<{ spool: Spool; state: SpoolState }> {
  const now = options.now ?? Date.now;
  const path = join(dir, SPOOL_FILE);
  await mkdir(dir, { recursive: true });
  const index = new SpoolIndex();
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  for (const line of text.split('\n')) if (line !== '') index.applyLine(line);
  const compactedLines = () => index.compacted(now(), options.maxSeen).map(line);
  let file = await compact(dir, path, compactedLines());
  const state = index.state();
  let linesSinceCompaction = 0;
  let tornTail = false;
  let closed = false;
  let waiting: { lines: string; records: readonly SpoolRecord[]; done: (err?: unknown) => void }[] = [];
  let writing: Promise<void> | undefined;

  // One writer at a time; whoever arrives meanwhile joins the next batch.
  const drain = async () => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await file.write((tornTail ? '\n' : '') + batch.map((b) => b.lines).join(''));
        tornTail = false;
        await file.datasync();
        for (const b of batch) for (const record of b.records) index.apply(record);
        linesSinceCompaction += batch.reduce((n, b) => n + b.records.length, 0);
        for (const b of batch) b.done();
      } catch (err) {
        tornTail = true;
        for (const b of batch) b.done(err);
      }
      if (linesSinceCompaction > COMPACT_AFTER_LINES && linesSinceCompaction > index.size) {
        linesSinceCompaction = 0;
        file = await compact(dir, path, compactedLines(), file).catch(() => file);
      }
    }
    writing = undefined;
  };

  const spool: Spool = {
    durable: true,
    append(records) {
      if (closed) return Promise.reject(new Error('spool closed'));
      if (records.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const done = (err?: unknown) => (err === undefined ? resolve() : reject(err));
        waiting.push({ lines: records.map(line).join(''), records, done });
        writing ??= drain();
      });
    },
    async close() {
      closed = true;
      await writing;
      await file.close();
    },
  };
  return { spool, state };
}

const line = (record: SpoolRecord) => `${JSON.stringify(record)}\n`;

/**
 * Writes `lines` to a temporary file, fsyncs it, renames it over `path` and reopens `path` for
 * appends. Before the rename a failure leaves the spool as it was; after it, `current` is closed
 * first, so a later failure makes appends fail loudly instead of landing in the replaced file.
 */
async function compact(dir: string, path: string, lines: readonly string[], current?: FileHandle) {
  const temporary = `${path}.tmp`;
  const out = await open(temporary, 'w');
  try {
    await out.write(lines.join(''));
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(temporary, path);
  await current?.close();
  const directory = await open(dir, 'r');
  await directory.sync().finally(() => directory.close());
  return open(path, 'a');
}
