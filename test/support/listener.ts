/**
 * Whether a given process is the one listening on a TCP port (Linux /proc).
 *
 * A server started on a port from freePort() can lose that port to another test's server started in
 * the same moment (two jest workers, one OS ephemeral pick). Its readiness URL then answers, but the
 * other server answers it: a test would talk to a stranger. Asking who holds the listening socket,
 * rather than whether something answers, tells the two apart.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';

const TCP_TABLES = ['/proc/net/tcp', '/proc/net/tcp6'];
/** `st` of a listening socket in /proc/net/tcp (TCP_LISTEN). */
const LISTEN = '0A';

/** The inodes of the sockets listening on `port`, on any address. */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  for (const table of TCP_TABLES) {
    const text = await readFile(table, 'utf8').catch(() => '');
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    for (const line of text.split('\n').slice(1)) {
      const [, local = '', , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state !== LISTEN || inode === undefined) continue;
      if (Number.parseInt(local.split(':').pop() ?? '', 16) === port) inodes.add(inode);
    }
  }
  return inodes;
}

/** Whether process `pid` holds a socket listening on `port`. */
export async function listensOn(pid: number, port: number): Promise<boolean> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return false;
  const fdDir = `/proc/${pid}/fd`;
  const fds = await readdir(fdDir).catch(() => [] as string[]);
  for (const fd of fds) {
    const target = await readlink(`${fdDir}/${fd}`).catch(() => '');
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode && inodes.has(inode)) return true;
  }
  return false;
}
