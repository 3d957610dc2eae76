/**
 * Replaces a file's contents so that a crash at any point leaves the old file or the new one, never
 * half of one: write a temporary file beside it, fsync it, rename it over the old one, and fsync the
 * directory so the rename itself survives a power cut. The spool's compaction and the rate-limit
 * history both write this way.
 */
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const out = await open(temporary, 'w');
  try {
    await out.write(text);
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(temporary, path);
  const directory = await open(dirname(path), 'r');
  await directory.sync().finally(() => directory.close());
}
