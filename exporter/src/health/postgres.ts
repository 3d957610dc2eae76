/**
 * PostgreSQL check: a `SELECT 1` round trip through a small pool.
 *
 * The pool outlives PostgreSQL restarts: a broken client is dropped (its 'error' event is handled,
 * a failed or aborted probe destroys the client it used) and the next probe connects afresh.
 */
import { Pool } from 'pg';
import { withAbortableClient } from '../pg/abortable-client';
import type { CheckDetails, HealthCheck } from './check';

export interface PostgresCheckOptions {
  /** Connection string, e.g. postgres://user:password@host:5432/db (never shown in results). */
  url: string;
  /** Bound for connecting and for the query, client side and server side (statement_timeout). */
  timeoutMs: number;
}

export function postgresCheck({ url, timeoutMs }: PostgresCheckOptions): HealthCheck {
  const pool = new Pool({
    connectionString: url,
    // Probes are single-flight, so one connection is enough; the second absorbs a probe that
    // starts while an abandoned one is still being torn down.
    max: 2,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    idleTimeoutMillis: 30_000,
    // TCP keepalive notices a peer that vanished without closing the connection.
    keepAlive: true,
    application_name: 'clicky-exporter-health',
  });
  // An idle client losing its connection (PostgreSQL restarted) is removed by the pool; without a
  // listener the 'error' event would crash the process. The next probe reports the outage.
  pool.on('error', () => {});

  return {
    name: 'db',
    probe: (signal) => selectOne(pool, signal),
    close: () => pool.end(),
  };
}

async function selectOne(pool: Pool, signal: AbortSignal): Promise<CheckDetails> {
  await withAbortableClient(pool, signal, (client) => client.query('SELECT 1'));
  return {};
}
