/**
 * The getUpdates offset (the next update_id wanted), kept in `bot-offset` in RELAY_SPOOL_DIR when set
 * and written atomically after each update is handled: a restart neither replays what was done nor
 * skips what was not. Telegram keeps unconfirmed updates for 24 hours, so without a spool dir a
 * restart starts from what Telegram still holds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomically } from '../write-atomically';

const FILE = 'bot-offset';

export class UpdateOffset {
  private value = 0;

  constructor(private readonly dir?: string) {}

  async load(): Promise<number> {
    if (!this.dir) return this.value;
    const text = await readFile(join(this.dir, FILE), 'utf8').catch(() => '0');
    const parsed = Number(text.trim());
    this.value = Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : 0;
    return this.value;
  }

  get current(): number {
    return this.value;
  }

  /** After update `updateId` is handled: the next one is wanted. */
  async handled(updateId: number): Promise<void> {
    if (updateId + 1 <= this.value) return;
    this.value = updateId + 1;
    if (this.dir) await writeAtomically(join(this.dir, FILE), String(this.value));
  }
}
