/**
 * The relay's identity in the HA pair, written into each claim it makes (claims.ts) so that a claim in
 * force can be told as its own (made before a crash, before the alert reached the spool) or the peer's.
 * A random id kept in `ha-identity` in RELAY_SPOOL_DIR: the same after a restart or a container
 * re-created on the volume, and different for two relays even when their spools have one path on two
 * hosts (a hostname or a path would not be). Without a spool directory a new id per process: nothing
 * else a relay knew survives its restart either. Read once at start (main.ts), beside the spool.
 */

import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../write-atomically';

export const IDENTITY_FILE = 'ha-identity';
const IDENTITY = /^[0-9a-f]{16}$/;

/** An identity no relay had before: a process without a spool directory, or a spool without one yet. */
export const newIdentity = (): string => randomBytes(8).toString('hex');

export async function relayIdentity(spoolDir?: string): Promise<string> {
  if (!spoolDir) return newIdentity();
  const path = join(spoolDir, IDENTITY_FILE);
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (IDENTITY.test(text)) return text;
    // Anything else (a hand edit) is replaced: a new id only costs claims made before this start.
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = newIdentity();
  await mkdir(spoolDir, { recursive: true });
  await writeAtomically(path, id);
  return id;
}
