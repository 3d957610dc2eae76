import { createServer } from 'node:net';
import { defaultReservations, reservePort } from './port-reservations';

/** How many ports the OS may offer before freePort gives up (each already reserved by another caller). */
const ATTEMPTS = 200;

/** A port the OS says is free now: bound to port 0 (or `port`), then closed. Undefined if taken. */
function osFreePort(port = 0): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; nothing listens on it now) and
 * that no other caller on this machine was given in the last minutes (port-reservations.ts).
 */
export async function freePort(reservations = defaultReservations()): Promise<number> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const port = await osFreePort();
    if (port === undefined) continue;
    if (await reservePort(port, reservations)) return port;
  }
  throw new Error(`no free port: the OS offered ${ATTEMPTS} ports, all reserved in ${reservations}`);
}

/** The first of `count` consecutive ports that were free a moment ago (for STACK_BASE_PORT). */
export async function freePortRange(count: number, reservations = defaultReservations()): Promise<number> {
  for (;;) {
    const base = await freePort(reservations);
    if (base + count > 65535) continue;
    let free = true;
    for (let port = base + 1; port < base + count && free; port++)
      free = (await osFreePort(port)) === port && (await reservePort(port, reservations));
    if (free) return base;
  }
}
