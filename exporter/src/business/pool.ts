/**
 * The refresher's own small pool. It outlives PostgreSQL restarts: a dropped idle connection is
 * removed (its 'error' event is handled) and the next run connects afresh.
 */
import { Pool } from 'pg';
import type { Logger } from '../../../lib/logging/logger';

export function createBusinessPool(url: string, logger: Logger): Pool {
  const pool = new Pool({
    connectionString: url,
    // Two runs at a time at most; the others wait in the pool's queue (connectionTimeoutMillis).
    max: 2,
    connectionTimeoutMillis: 5_000,
    // Longer than the default interval, so runs reuse their connections instead of reconnecting.
    idleTimeoutMillis: 120_000,
    allowExitOnIdle: true,
    keepAlive: true,
    application_name: 'clicky-exporter-business',
  });
  // An idle connection dropped by the server (restart, outage) is removed by the pool; without a
  // listener the 'error' event would crash the process. The next run reconnects.
  pool.on('error', (err) => logger.debug({ error_message: err.message }, 'Business pool connection lost'));
  return pool;
}
