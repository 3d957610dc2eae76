/**
 * Ports handed out by freePort, remembered across processes for a while.
 *
 * The OS picks a bind(0) port at random from half its ephemeral range (32768–46k here), and freePort
 * closes its socket at once so the caller can bind the port: until the caller does, the OS may hand
 * the same port to the next caller. 400 calls in a row return a dozen repeats. The stack runner picks
 * all its services' ports before any binds, and two jest workers start servers in the same moment, so
 * a repeat is a server on someone else's port. A reservation is a file named after the port, created
 * exclusively, in a directory every process on the machine shares; freePort skips reserved ports.
 */
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Long enough for a server to bind its port, or for a test to rely on a closed one staying closed. */
export const RESERVATION_MS = 10 * 60_000;

export const defaultReservations = (): string => join(tmpdir(), 'clicky-port-reservations');

/**
 * Reserves `port` for RESERVATION_MS: false when another reservation of it is younger than that.
 * True too when the directory cannot be used: the OS's pick alone is then the best there is.
 */
export async function reservePort(port: number, dir = defaultReservations()): Promise<boolean> {
  const file = join(dir, String(port));
  const create = () => writeFile(file, String(process.pid), { flag: 'wx' });
  try {
    await mkdir(dir, { recursive: true });
    await create();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return true;
  }
  try {
    if (Date.now() - (await stat(file)).mtimeMs < RESERVATION_MS) return false;
    // Expired: the exclusive create decides between callers taking it over together.
    await rm(file, { force: true });
    await create();
    return true;
  } catch {
    return false;
  }
}
