/**
 * Dedup shared by an HA pair of relays (compose profile `ha`) through files in a directory both mount
 * (RELAY_HA_CLAIMS_DIR), with no other coordination store: PostgreSQL or Redis may be the very thing
 * whose outage is being alerted on. README "Highly available alert path" defends the design.
 *
 * Both relays get every notification (each Alertmanager posts to both). Before spooling an alert, a
 * relay claims it: the alert (fingerprint and status) is claimed for as long as the local dedup would
 * skip it (its cooldown). The relay whose claim wins spools and sends; the other answers 2xx and drops
 * it, as a duplicate. No lock, no lease, nothing to expire when a relay dies.
 *
 * Files: `<key>/<generation>`, `<key>` = sha1(fingerprint|status), holding `<until> <owner>`: the epoch
 * ms until which the claim holds and the claiming relay's identity (identity.ts). A repeat after the
 * cooldown claims the next generation, so two relays racing for a stale claim still meet on one file
 * name, and exactly one wins it.
 * - One directory per key, so that a claim lists its own key's files only: every alert and status
 *   ever seen keeps a file, and a listing of the whole directory (readdir of 20,000 names: ~16 ms,
 *   synchronous) per claim blocked the relay for seconds in a storm. The key's directory is created
 *   by the first claim (mkdir, atomic on NFS too: EEXIST is a peer's, or a retransmission's).
 * - A claim in force held by this relay itself counts as won, and the relay takes the next generation
 *   (created as any other, so a peer that took it first still wins it): claim() is only asked when the
 *   local dedup, restored from the spool, found the alert new, so the relay made that claim and died
 *   before the alert reached its spool. Taken as the peer's, the alert would wait for the cooldown.
 *   A time alone (as relays before the owner wrote it; now a hand edit only) is the peer's.
 * - A claim file never exists without its time: it is written under a temporary name (`tmp-<random>`,
 *   in the key's directory: the link stays within one directory) and hard-linked to its claim name,
 *   which fails with EEXIST when the name is taken (link(2) is atomic on a local file system and on
 *   every NFS version: the classic lock-file idiom). Created with O_EXCL and then written, as before,
 *   it was empty for a moment, and a peer reading it then took it for expired and won the next
 *   generation too: the duplicate bench:ha once showed.
 * - A claim file without a readable time (a hand edit, a damaged file; relays before the link left
 *   one empty between their create and their write) is the peer's until UNREADABLE_HELD_MS after its
 *   mtime: long enough for any live writer to finish and for an NFS server's clock (the mtime's) to
 *   differ from ours, short enough that a dead writer's claim does not keep an alert for the whole
 *   cooldown.
 * - A claim is given back (spool write failed) by rewriting it with the time 0, never by deleting it:
 *   the latest generation always stays, so a relay that read the directory before the release and one
 *   that read it after both go for the same next generation.
 * - `sweep` deletes superseded generations only, and temporary files a crash left (older than
 *   STALE_TEMP_MS), in every key's directory; never a key's directory (a peer may be about to write in
 *   it). It lists every key's directory, one listing each (0.5 s for 21,000 here, synchronously, and a
 *   round trip or more each over NFS), so it does so asynchronously: claims go on meanwhile. A relay
 *   that finds a generation gone (swept after it read the directory) or taken by the peer looks at the
 *   next one, so a stale directory listing (NFS caches them) can make it look further, never win a
 *   generation twice.
 * - The flat layout before (`<key>.<generation>` and `tmp-<random>` directly in the directory) was
 *   never released: its claim files are ignored and deleted by the sweep, its temporary files too once
 *   stale. A relay of that layout beside one of this would not see its claims: both would send.
 * One small directory with one file per alert and status ever seen stays.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertStatus } from '../webhook';

export interface ClaimStore {
  /** True if this relay now owns the alert until `until` (or did already); false if the peer does. */
  claim(fingerprint: string, status: AlertStatus, until: number, now: number): boolean;
  /** Gives a claim back (the spool write failed): the peer may take the alert. */
  release(fingerprint: string, status: AlertStatus): void;
  /** Deletes superseded claim files and stale temporary files; resolves to how many. */
  sweep(now?: number): Promise<number>;
}

/** How long a claim file without a readable time counts as held, from its mtime. */
export const UNREADABLE_HELD_MS = 60_000;
/** Age beyond which a temporary file is a crash's leftover (a live one lasts a few syscalls). */
export const STALE_TEMP_MS = 10 * 60_000;

const TEMP_PREFIX = 'tmp-';
/** A key's directory, and a claim file's name in it. */
const KEY_DIR = /^[0-9a-f]{40}$/;
const GENERATION = /^\d+$/;
/** A claim file of the flat layout before (the doc comment): swept. */
const FLAT_CLAIM = /^[0-9a-f]{40}\.\d+$/;
/** `<until> <owner>`, or `<until>` alone as relays before the owner wrote it. */
const CLAIM_TEXT = /^(\d{1,16})(?: (\S+))?$/;
/** An owner must fit the claim text: one word. */
const OWNER = /^[\w-]{1,64}$/;

/** Whether a claim generation is in force, and whose it is. */
type Holder = 'nobody' | 'us' | 'the peer';

const keyOf = (fingerprint: string, status: AlertStatus) =>
  createHash('sha1').update(`${fingerprint}|${status}`).digest('hex');

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** Deletes `path`; false if it was gone already (renamed, or a peer swept it). */
const unlinkQuietly = (path: string) => {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
};

/** unlinkQuietly for the sweep, which never blocks. */
const removeQuietly = (path: string) =>
  unlink(path).then(
    () => true,
    () => false,
  );

/** Deletes the temporary file at `path` if a crash clearly left it; true if it did. */
const removeStaleTemporary = async (path: string, now: number) => {
  // Gone (linked and removed meanwhile): not stale.
  const stale = await stat(path).then(
    (stats) => stats.mtimeMs + STALE_TEMP_MS < now,
    () => false,
  );
  return stale && (await removeQuietly(path));
};

/** The claims in `dir` as the relay named `owner` (its identity, identity.ts) makes them. */
export function claimStore(dir: string, owner: string): ClaimStore {
  if (!OWNER.test(owner)) throw new Error(`HA claims: invalid relay identity "${owner}"`);
  mkdirSync(dir, { recursive: true });
  const pathOf = (key: string, generation: number) => join(dir, key, String(generation));

  /** The highest generation of `key` listed, -1 if none; creates the key's directory if missing. */
  const latestListed = (key: string) => {
    let names: string[];
    try {
      names = readdirSync(join(dir, key));
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
      try {
        mkdirSync(join(dir, key));
      } catch (mkdirErr) {
        // The peer's, made meanwhile (or our own retransmitted over NFS): the same directory.
        if (errorCode(mkdirErr) !== 'EEXIST') throw mkdirErr;
      }
      return -1;
    }
    let latest = -1;
    for (const name of names) if (GENERATION.test(name)) latest = Math.max(latest, Number(name));
    return latest;
  };

  /** Who holds the generation at `now`; nobody holds one gone (swept after the listing). */
  const held = (key: string, generation: number, now: number): Holder => {
    const path = pathOf(key, generation);
    try {
      const match = CLAIM_TEXT.exec(readFileSync(path, 'utf8').trim());
      if (match) {
        if (Number(match[1]) <= now) return 'nobody';
        return match[2] === owner ? 'us' : 'the peer';
      }
      return statSync(path).mtimeMs + UNREADABLE_HELD_MS > now ? 'the peer' : 'nobody';
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return 'nobody';
      throw err;
    }
  };

  /**
   * Writes `text` to a fresh temporary file in `key`'s directory, hands its path to `use`, and
   * removes it afterwards.
   */
  const withTemporary = <T>(key: string, text: string, use: (temporary: string) => T): T => {
    const temporary = join(dir, key, `${TEMP_PREFIX}${randomBytes(12).toString('hex')}`);
    try {
      writeFileSync(temporary, text, { flag: 'wx' });
      return use(temporary);
    } finally {
      unlinkQuietly(temporary);
    }
  };

  /** Creates the claim file with its time in it, atomically; false if the name was taken. */
  const create = (key: string, generation: number, until: number): boolean =>
    withTemporary(key, `${until} ${owner}`, (temporary) => {
      try {
        linkSync(temporary, pathOf(key, generation));
        return true;
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') throw err;
        // Over NFS a link retransmitted after a lost reply answers EEXIST though the first one
        // worked: then the temporary file has two links (open(2), "O_EXCL"; link(2)).
        return statSync(temporary).nlink === 2;
      }
    });

  /** Deletes `key`'s superseded generations and stale temporary files; returns how many. */
  const sweepKey = async (key: string, now: number) => {
    let removed = 0;
    const generations: number[] = [];
    for (const name of await readdir(join(dir, key))) {
      if (GENERATION.test(name)) generations.push(Number(name));
      else if (name.startsWith(TEMP_PREFIX) && (await removeStaleTemporary(join(dir, key, name), now)))
        removed++;
    }
    const latest = Math.max(...generations);
    for (const g of generations) if (g !== latest && (await removeQuietly(pathOf(key, g)))) removed++;
    return removed;
  };

  const own = new Map<string, number>();

  return {
    claim(fingerprint, status, until, now) {
      const key = keyOf(fingerprint, status);
      // Generations only grow: from the latest listed, walk up until one the peer holds stops us or
      // creating the next succeeds. One the peer created first is looked at like any other; one in
      // force that we hold is ours from before a crash (the doc comment), taken again.
      for (let generation = latestListed(key); ; generation++) {
        if (generation >= 0 && held(key, generation, now) === 'the peer') return false;
        if (create(key, generation + 1, until)) {
          own.set(key, generation + 1);
          return true;
        }
      }
    },
    release(fingerprint, status) {
      const key = keyOf(fingerprint, status);
      const generation = own.get(key);
      if (generation === undefined) return;
      own.delete(key);
      withTemporary(key, '0', (temporary) => renameSync(temporary, pathOf(key, generation)));
    },
    async sweep(now = Date.now()) {
      let removed = 0;
      for (const name of await readdir(dir)) {
        const path = join(dir, name);
        if (KEY_DIR.test(name)) removed += await sweepKey(name, now);
        // The flat layout's leftovers (the doc comment): its claims all, its temporary files once stale.
        else if (FLAT_CLAIM.test(name)) {
          if (await removeQuietly(path)) removed++;
        } else if (name.startsWith(TEMP_PREFIX) && (await removeStaleTemporary(path, now))) removed++;
      }
      return removed;
    },
  };
}
