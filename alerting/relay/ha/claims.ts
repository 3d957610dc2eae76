/**
 * Dedup shared by an HA pair of relays (compose profile `ha`) through files in a directory both mount
 * (RELAY_HA_CLAIMS_DIR), with no other coordination store: PostgreSQL or Redis may be the very thing
 * whose outage is being alerted on. README "Highly available alert path" defends the design.
 *
 * Both relays get every notification (each Alertmanager posts to both). Before spooling an alert, a
 * relay claims it: the alert (fingerprint and status) is claimed for as long as the local dedup would
 * skip it (its cooldown). The relay whose claim wins spools and sends; the other answers 2xx and drops
 * it, as a duplicate. A claim is a file created with O_EXCL (`wx`), which exactly one creator wins on a
 * local file system (and on NFS v3+): no lock, no lease, nothing to expire when a relay dies.
 *
 * Files: `<sha1(fingerprint|status)>.<generation>`, holding the epoch ms until which the claim holds.
 * A repeat after the cooldown claims the next generation, so two relays racing for a stale claim still
 * meet on one file name. `sweep` deletes superseded generations only: deleting the latest one could let
 * a relay that listed the directory before the deletion and one that listed it after both win (one
 * creating generation n+1, the other 0). One small file per alert and status ever seen stays.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertStatus } from '../webhook';

export interface ClaimStore {
  /** True if this relay now owns the alert until `until`; false if the peer does. */
  claim(fingerprint: string, status: AlertStatus, until: number, now: number): boolean;
  /** Gives a claim back (the spool write failed): the peer may take the alert. */
  release(fingerprint: string, status: AlertStatus): void;
  /** Deletes superseded claim files; returns how many. */
  sweep(): number;
}

const keyOf = (fingerprint: string, status: AlertStatus) =>
  createHash('sha1').update(`${fingerprint}|${status}`).digest('hex');

export function claimStore(dir: string): ClaimStore {
  mkdirSync(dir, { recursive: true });
  /** Generations of each key present, highest first. */
  const generations = (key: string) =>
    readdirSync(dir)
      .filter((name) => name.startsWith(`${key}.`))
      .map((name) => Number(name.slice(key.length + 1)))
      .filter(Number.isInteger)
      .sort((a, b) => b - a);
  const untilOf = (key: string, generation: number): number => {
    try {
      return Number(readFileSync(join(dir, `${key}.${generation}`), 'utf8')) || 0;
    } catch {
      // Swept meanwhile: expired.
      return 0;
    }
  };
  const own = new Map<string, number>();

  return {
    claim(fingerprint, status, until, now) {
      const key = keyOf(fingerprint, status);
      const [latest] = generations(key);
      if (latest !== undefined && untilOf(key, latest) > now) return false;
      const next = latest === undefined ? 0 : latest + 1;
      try {
        writeFileSync(join(dir, `${key}.${next}`), String(until), { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      }
      own.set(key, next);
      return true;
    },
    release(fingerprint, status) {
      const key = keyOf(fingerprint, status);
      const generation = own.get(key);
      if (generation === undefined) return;
      own.delete(key);
      try {
        unlinkSync(join(dir, `${key}.${generation}`));
      } catch {
        // Already gone.
      }
    },
    sweep() {
      const byKey = new Map<string, number[]>();
      for (const name of readdirSync(dir)) {
        const dot = name.lastIndexOf('.');
        const generation = Number(name.slice(dot + 1));
        if (dot < 0 || !Number.isInteger(generation)) continue;
        byKey.set(name.slice(0, dot), [...(byKey.get(name.slice(0, dot)) ?? []), generation]);
      }
      let removed = 0;
      const remove = (name: string) => {
        try {
          unlinkSync(join(dir, name));
          removed++;
        } catch {
          // The peer swept it first.
        }
      };
      for (const [key, gens] of byKey) {
        const latest = Math.max(...gens);
        for (const g of gens) if (g !== latest) remove(`${key}.${g}`);
      }
      return removed;
    },
  };
}
