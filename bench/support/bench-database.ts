/**
 * The throw-away database of bench/metrics.ts, and what the bench reads about it. Everything is
 * read over one connection to the maintenance database, so the readings never count in the bench
 * database's own statistics.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  /** Connection string of the bench database, as the admin URL's user. */
  url: string;
  /** `SELECT version()`, short: "PostgreSQL 15.20". */
  serverVersion: string;
  /**
   * Transactions run in the bench database so far, as its backends reported them:
   * xact_commit + xact_rollback, minus the one transaction each new session runs while it starts.
   */
  transactions(): Promise<number>;
  /** Process ids of the backends connected to the bench database (for their CPU time). */
  backendPids(): Promise<number[]>;
  /**
   * Ends every session on the bench database and waits until they are gone, so that all of their
   * statistics are in pg_stat_database. A backend flushes its counts at most once a second, and
   * not at all while it only runs statements that read no table (SELECT 1, SELECT version()): only
   * its exit is sure to. Clients reconnect on their next query; sessions opened meanwhile stay.
   */
  flushSessions(timeoutMs?: number): Promise<void>;
  /** Drops it, disconnecting whoever is still connected, and closes the admin connection. Idempotent. */
  drop(): Promise<void>;
}

/** Creates an empty database named `<prefix>_<pid>_<random>` on the server of `adminUrl`. */
export async function createBenchDatabase(adminUrl: string, prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl, application_name: 'clicky-bench' });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const version = (await admin.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '';
  let dropped: Promise<void> | undefined;
  const backendPids = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    return rows.map((row) => row.pid);
  };

  return {
    name,
    url: url.toString(),
    serverVersion: /^\S+ \S+/.exec(version)?.[0] ?? version,
    async transactions() {
      const { rows } = await admin.query<{ n: string }>(
        'SELECT xact_commit + xact_rollback - sessions AS n FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    backendPids,
    async flushSessions(timeoutMs = 5_000) {
      // The sessions open now; a client may reconnect at once, and its new session is not waited for.
      const ending = await backendPids();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await admin.query<{ pid: number }>(
          'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)',
          [ending],
        );
        if (rows.length === 0) return;
        if (Date.now() > deadline) throw new Error(`sessions on ${name} still open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    drop() {
      dropped ??= admin
        .query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        .then(() => undefined)
        .finally(() => admin.end());
      return dropped;
    },
  };
}
