/**
 * Work on a pooled PostgreSQL client that an AbortSignal can abandon: the health check and the
 * system figures both race a deadline against a server that may stop answering mid-query.
 *
 * The client is destroyed (release(true)) rather than returned after a failure or an abort: its
 * connection may be stuck mid-query, and a hung server must not keep a pool slot. A signal that
 * fires while connecting leaves the fresh connection in the pool for next time.
 */
import type { Pool, PoolClient } from 'pg';

export async function withAbortableClient<T>(
  pool: Pool,
  signal: AbortSignal,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  if (signal.aborted) {
    client.release();
    throw signal.reason;
  }
  let released = false;
  const release = (destroy: boolean) => {
    if (released) return;
    released = true;
    client.release(destroy);
  };
  const onAbort = () => release(true);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await work(client);
    release(false);
    return result;
  } catch (err) {
    release(true);
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
