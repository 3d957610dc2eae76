import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from './postgres';
import { waitFor } from './wait';

const SQL_DIR = join(__dirname, '..', '..', 'exporter', 'sql');
export const SCHEMA_SQL = readFileSync(join(SQL_DIR, 'schema.sql'), 'utf8');
export const DEMO_DATA_SQL = readFileSync(join(SQL_DIR, 'demo-data.sql'), 'utf8');

/** Moments relative to now in the session's time zone, for fixture rows. */
export const at = {
  /** Halfway between local midnight and now: today, never in the future. */
  today: `(date_trunc('day', now()) + (now() - date_trunc('day', now())) / 2)`,
  /** One second before local midnight. */
  yesterday: `(date_trunc('day', now()) - interval '1 second')`,
  ago: (interval: string) => `(now() - interval '${interval}')`,
  ahead: (interval: string) => `(now() + interval '${interval}')`,
};

export interface BusinessDatabase extends TestDatabase {
  /** Runs `text` in one transaction with TimeZone Asia/Jakarta, on a connection closed afterwards. */
  sql(text: string): Promise<void>;
}

/** A fresh database with exporter/sql/schema.sql applied. */
export async function createBusinessDatabase(prefix: string): Promise<BusinessDatabase> {
  const db = await createTestDatabase(prefix);
  const sql = (text: string) => runOn(db.url, `BEGIN; SET LOCAL TimeZone = 'Asia/Jakarta'; ${text}; COMMIT;`);
  await runOn(db.url, SCHEMA_SQL);
  return { ...db, sql };
}

export async function runOn(url: string, text: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A query on the maintenance database, so it is not itself a connection to the database it inspects. */
export async function adminRows<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Client connections to `database`, optionally only those whose query text contains `marker`.
 * Client backends only: an autovacuum worker visiting the database is nobody's connection.
 */
export async function backends(database: string, marker?: string): Promise<number> {
  const rows = await adminRows<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
     WHERE datname = $1 AND backend_type = 'client backend'
       AND ($2::text IS NULL OR (state = 'active' AND query LIKE '%' || $2 || '%'))`,
    [database, marker ?? null],
  );
  return rows[0]?.n ?? 0;
}

/** Waits until nobody is connected to `database`: a backend exits some time after its client let go. */
export function waitForNoBackends(database: string, timeoutMs = 5_000): Promise<void> {
  return waitFor(
    `no connections to ${database}`,
    async () => (await backends(database)) === 0,
    timeoutMs,
    20,
  );
}
