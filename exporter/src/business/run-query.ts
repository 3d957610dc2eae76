/**
 * One run of one query: a read-only transaction in the organisation's time zone, bounded by a
 * server-side statement_timeout and, should the server stop answering, a client-side deadline.
 */
import { escapeLiteral, type Pool, type QueryConfig, type QueryResult as QueryResultRows } from 'pg';
import type { BusinessQuery } from './query';
import { type QueryResult, rowsToSamples } from './samples';

/** How long after the statement_timeout the client stops waiting for a server that went silent. */
export const CLIENT_GRACE_MS = 1_000;

/** Runs `query` on a client of `pool`; rejects with the database's or the mapping's error. */
export async function runQuery(pool: Pool, query: BusinessQuery, timeZone: string): Promise<QueryResult> {
  const client = await pool.connect();
  let result: QueryResultRows<Record<string, unknown>>;
  try {
    // SET LOCAL: both settings end with the transaction, so a pooled connection carries nothing over.
    // READ ONLY: SQL from an override file can read, never write.
    await client.query(
      `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.ceil(query.timeoutMs)}; ` +
        `SET LOCAL TimeZone = ${escapeLiteral(timeZone)}`,
    );
    const statement: QueryConfig & { query_timeout: number; queryMode: 'extended' } = {
      text: query.sql,
      query_timeout: query.timeoutMs + CLIENT_GRACE_MS,
      // The extended protocol takes exactly one statement, so "COMMIT; DELETE ..." cannot step out
      // of the read-only transaction.
      queryMode: 'extended',
    };
    result = await client.query<Record<string, unknown>>(statement);
    await client.query('COMMIT');
  } catch (err) {
    // Destroy rather than roll back: after a timeout the connection may still be busy, and a fresh
    // one costs one connect per failed run, which is cheap at these intervals.
    client.release(true);
    throw err;
  }
  client.release();
  return rowsToSamples(
    query,
    result.fields.map((field) => field.name),
    result.rows,
  );
}
