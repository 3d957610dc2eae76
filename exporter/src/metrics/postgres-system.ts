/**
 * PostgreSQL connection figures from pg_stat_activity (spec section 6, "PostgreSQL connections"):
 *
 *   clicky_postgres_connections{state}   gauge  client connections by state: active, idle,
 *                                                "idle in transaction", "idle in transaction (aborted)",
 *                                                "fastpath function call", disabled (0 when none);
 *                                                "unknown" for sessions the role may not inspect
 *   clicky_postgres_max_connections      gauge  the server's max_connections
 *
 * Cluster-wide (every database), client backends only: these are what use up max_connections. Read
 * in the background on the collector's own one-connection pool; a scrape only reads memory. The
 * role needs pg_read_all_stats (or superuser) to see the state of other roles' sessions.
 */
import { Pool, type PoolClient } from 'pg';
import { Gauge } from 'prom-client';
import { withAbortableClient } from '../pg/abortable-client';
import {
  SYSTEM_DEFAULTS,
  type SystemCollector,
  type SystemCollectorOptions,
  systemPoller,
} from './system-collector';

export interface PostgresSystemOptions extends SystemCollectorOptions {
  /** Connection string, e.g. DATABASE_URL. */
  url: string;
}

interface Reading {
  maxConnections: number;
  byState: Record<string, number>;
}

export const CONNECTION_STATES = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
] as const;

const QUERY = `
  SELECT current_setting('max_connections')::int AS max_connections,
         coalesce((SELECT json_object_agg(state, n) FROM (
           SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n
           FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1) s), '{}') AS by_state`;

export function postgresSystemMetrics(options: PostgresSystemOptions): SystemCollector {
  const timeoutMs = options.timeoutMs ?? SYSTEM_DEFAULTS.timeoutMs;
  const pool = new Pool({
    connectionString: options.url,
    // One connection, kept between refreshes (closed if refreshes stop), as postgres_exporter does.
    max: 1,
    idleTimeoutMillis: 2 * (options.intervalMs ?? SYSTEM_DEFAULTS.intervalMs),
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    keepAlive: true,
    application_name: 'clicky-exporter-metrics',
  });
  // An idle connection dropped by the server (restart) is removed by the pool; the next refresh reconnects.
  pool.on('error', () => {});
  const poller = systemPoller('postgres', options, (signal) => read(pool, signal));
  const registers = [options.registry];

  new Gauge({
    name: 'clicky_postgres_connections',
    help: 'PostgreSQL client connections by state (pg_stat_activity), all databases.',
    labelNames: ['state'],
    registers,
    collect() {
      this.reset();
      const reading = poller.current();
      if (!reading) return;
      for (const state of CONNECTION_STATES) this.set({ state }, reading.byState[state] ?? 0);
      for (const [state, n] of Object.entries(reading.byState)) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'clicky_postgres_max_connections',
    help: 'The PostgreSQL server setting max_connections.',
    registers,
    collect() {
      const reading = poller.current();
      // remove(): a label-less gauge would otherwise show 0, read as "max_connections is 0".
      if (reading) this.set(reading.maxConnections);
      else this.remove();
    },
  });

  return {
    start: () => poller.start(),
    refresh: () => poller.refresh(),
    stop: async () => {
      await poller.stop();
      await pool.end();
    },
  };
}

async function read(pool: Pool, signal: AbortSignal): Promise<Reading> {
  return withAbortableClient(pool, signal, query);
}

async function query(client: PoolClient): Promise<Reading> {
  const { rows } = await client.query<{ max_connections: number; by_state: Record<string, number> }>(QUERY);
  const row = rows[0];
  if (!row) throw new Error('pg_stat_activity query returned no row');
  return { maxConnections: row.max_connections, byState: row.by_state };
}
