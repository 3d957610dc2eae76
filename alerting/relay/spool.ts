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
 * - A spool file deleted or replaced under the relay (`rm -rf` of the directory, a volume remounted)
 *   takes writes without an error, and a restart would never see them. So every batch is checked
 *   after its fsync, and the file every CHECK_INTERVAL_MS: when the path no longer names the file
 *   the relay writes (another inode, or none), the directory and the spool are re-created from what
 *   the relay holds (the pending alerts, the dedup entries, the batch) before any append resolves.
 *   Until that succeeds appends fail (the post answers 503) and status() says `missing`.
 * - Compaction rewrites the live records (pending alerts, dedup entries still in force) to a
 *   temporary file, fsyncs it and renames it over the spool, at start and whenever dead lines
 *   outnumber live ones (past a minimum). Alertmanager stays the source of truth beyond that: the
 *   spool holds only what the relay has promised and not yet delivered.
 * Why a file and not PostgreSQL or Redis: alerts about those being down must still go out.
 */
import { statSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SpoolIndex, type SpoolRecord, type SpoolState } from './spool-index';
import { writeAtomically } from './write-atomically';

export type { SpoolRecord, SpoolState } from './spool-index';

/** `file`: spooled to disk; `memory`: no RELAY_SPOOL_DIR; `missing`: the spool file is gone, not re-created yet. */
export type SpoolStatus = 'file' | 'memory' | 'missing';

export interface Spool {
  readonly durable: boolean;
  /** Whether the spool file is where a restart will look (a cheap stat; starts a repair if not). */
  status(): SpoolStatus;
  /** Resolves once the records are safely stored; rejects when they may not be. */
  append(records: readonly SpoolRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** No durability (RELAY_SPOOL_DIR unset): what is queued is lost if the process dies. */
export function memorySpool(): Spool {
  return { durable: false, status: () => 'memory', append: async () => {}, close: async () => {} };
}

export const SPOOL_FILE = 'relay-spool.jsonl';
/** Lines written since the last compaction before it is considered. */
const COMPACT_AFTER_LINES = 1000;
/** How often the spool file is looked for between appends, so alerts already queued are re-spooled too. */
const CHECK_INTERVAL_MS = 5000;

interface FileIdentity {
  dev: number;
  ino: number;
}
const sameFile = (a: FileIdentity, b: FileIdentity) => a.dev === b.dev && a.ino === b.ino;

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
  let file = await compact(path, compactedLines());
  let identity: FileIdentity = await file.stat();
  const state = index.state();
  let linesSinceCompaction = 0;
  let tornTail = false;
  let closed = false;
  let missing = false;
  let repairWanted = false;
  let waiting: { lines: string; records: readonly SpoolRecord[]; done: (err?: unknown) => void }[] = [];
  let writing: Promise<void> | undefined;

  /** Rewrites the live records to a fresh file at `path` (re-creating the directory) and appends there. */
  const rewrite = async () => {
    await mkdir(dir, { recursive: true });
    file = await compact(path, compactedLines(), file);
    identity = await file.stat();
    tornTail = false;
    linesSinceCompaction = 0;
  };
  const inPlace = () =>
    stat(path).then(
      (found) => sameFile(found, identity),
      () => false,
    );

  // One writer at a time; whoever arrives meanwhile joins the next batch.
  const drain = async () => {
    while (waiting.length > 0 || repairWanted) {
      repairWanted = false;
      const batch = waiting;
      waiting = [];
      try {
        if (missing) {
          await rewrite();
          missing = false;
        }
        if (batch.length > 0) {
          await file.write((tornTail ? '\n' : '') + batch.map((b) => b.lines).join(''));
          tornTail = false;
          await file.datasync();
          for (const b of batch) for (const record of b.records) index.apply(record);
          linesSinceCompaction += batch.reduce((n, b) => n + b.records.length, 0);
          if (!(await inPlace())) {
            // Written to a file nobody will read again: the re-created spool holds the batch too.
            missing = true;
            await rewrite();
            missing = false;
          }
        }
        for (const b of batch) b.done();
      } catch (err) {
        if (batch.length > 0) tornTail = true;
        // A handle closed by a half-done rewrite, or a file gone: start the next batch with a rewrite.
        if (!(await inPlace())) missing = true;
        for (const b of batch) b.done(err);
      }
      if (!missing && linesSinceCompaction > COMPACT_AFTER_LINES && linesSinceCompaction > index.size) {
        await rewrite().catch(() => {
          missing = true;
        });
      }
    }
    writing = undefined;
  };

  const spool: Spool = {
    durable: true,
    status() {
      if (closed) return 'file';
      if (!missing) {
        try {
          if (sameFile(statSync(path), identity)) return 'file';
        } catch {
          // Gone: repaired below.
        }
        missing = true;
      }
      repairWanted = true;
      writing ??= drain();
      return 'missing';
    },
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
      clearInterval(checker);
      await writing;
      await file.close();
    },
  };
  const checker = setInterval(() => spool.status(), CHECK_INTERVAL_MS);
  checker.unref();
  return { spool, state };
}

const line = (record: SpoolRecord) => `${JSON.stringify(record)}\n`;

/**
 * Writes `lines` to a temporary file, fsyncs it, renames it over `path` and reopens `path` for
 * appends. Before the rename a failure leaves the spool as it was; after it, `current` is closed
 * first, so a later failure makes appends fail loudly instead of landing in the replaced file.
 */
async function compact(path: string, lines: readonly string[], current?: FileHandle) {
  await writeAtomically(path, lines.join(''));
  await current?.close();
  return open(path, 'a');
}
