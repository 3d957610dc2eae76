import { Client } from 'pg';
import { postgresSystemMetrics } from '../../../exporter/src/metrics/postgres-system';
import type { SystemCollector } from '../../../exporter/src/metrics/system-collector';
import { createRegistry } from '../../../lib/metrics/registry';
import { startHangingServer } from '../../support/hanging-server';
import { promtoolCheckMetrics, samples, sampleValue } from '../../support/metrics';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

/** Deadline of the test about the deadline: a server that never answers. */
const DEADLINE_MS = 300;
/** Every other test's: far above what a new connection takes on a loaded machine, never reached. */
const TIMEOUT_MS = 10_000;

let db: TestDatabase;
const collectors: SystemCollector[] = [];

beforeAll(async () => {
  db = await createTestDatabase('postgres_system');
});
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  await db.drop();
});

function setUp(url = db.url, timeoutMs = TIMEOUT_MS) {
  const registry = createRegistry({ defaultMetrics: false });
  const collector = postgresSystemMetrics({ registry, url, timeoutMs, expireAfterFailures: 2 });
  collectors.push(collector);
  const connections = (state: string) => sampleValue(registry, 'clicky_postgres_connections', { state });
  const errors = () => sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'postgres' });
  return { registry, collector, connections, errors };
}

async function connected(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * The collectors' connections to the test database, and when each last started a query
 * (pg_stat_activity is live, not delayed). A stopped collector's connection may linger while its
 * backend exits.
 */
async function collectorBackends(): Promise<{ pid: number; queryStart: string }[]> {
  const client = await connected(db.url);
  try {
    const { rows } = await client.query<{ pid: number; query_start: Date }>(
      "SELECT pid, query_start FROM pg_stat_activity WHERE datname = $1 AND application_name = 'clicky-exporter-metrics'",
      [db.name],
    );
    return rows.map((row) => ({ pid: row.pid, queryStart: row.query_start.toISOString() }));
  } finally {
    await client.end();
  }
}

describe('postgresSystemMetrics', () => {
  it('reports connections by state and max_connections from the real server', async () => {
    const { registry, collector, connections } = setUp();
    expect(await collector.refresh()).toBe(true);
    expect(await connections('active')).toBeGreaterThanOrEqual(1); // at least the collector's own query
    for (const state of [
      'idle',
      'idle in transaction',
      'idle in transaction (aborted)',
      'fastpath function call',
    ])
      expect(await connections(state)).toEqual(expect.any(Number));
    const admin = await connected(db.url);
    try {
      const { rows } = await admin.query<{ max_connections: string }>('SHOW max_connections');
      expect(await sampleValue(registry, 'clicky_postgres_max_connections')).toBe(
        Number(rows[0]?.max_connections),
      );
    } finally {
      await admin.end();
    }
    expect(promtoolCheckMetrics(await registry.metrics())).toEqual({ status: 0, output: '' });
  });

  it('sees a connection held idle in transaction', async () => {
    const { collector, connections } = setUp();
    const holder = await connected(db.url);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1');
      await collector.refresh();
      expect(await connections('idle in transaction')).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('answers 50 concurrent scrapes from memory: no query reaches PostgreSQL', async () => {
    const { registry, collector } = setUp();
    await collector.refresh();
    // Once the earlier tests' collectors have gone, the one connection left is this collector's.
    let backends: { pid: number; queryStart: string }[] = [];
    await waitFor('one collector connection', async () => {
      backends = await collectorBackends();
      return backends.length === 1;
    });
    const [own] = backends;
    const texts = await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect((await collectorBackends()).find((backend) => backend.pid === own?.pid)).toEqual(own);
    for (const text of texts) expect(text).toContain('clicky_postgres_max_connections ');
  });

  it('counts failures, keeps the last figures for a while, then drops them; recovers without a restart', async () => {
    const gone = await createTestDatabase('postgres_system_gone');
    const { registry, collector, connections, errors } = setUp(gone.url);
    try {
      expect(await errors()).toBe(0);
      expect(await collector.refresh()).toBe(true);
      await gone.drop(); // terminates the collector's connection too
      expect(await collector.refresh()).toBe(false);
      expect(await errors()).toBe(1);
      expect(await connections('active')).toBeGreaterThanOrEqual(1); // one failure: still shown
      expect(await collector.refresh()).toBe(false);
      expect(await errors()).toBe(2);
      const names = (await samples(registry)).map((s) => s.name);
      expect(names).not.toContain('clicky_postgres_connections');
      expect(names).not.toContain('clicky_postgres_max_connections');
      await adminQuery(`CREATE DATABASE "${gone.name}"`);
      expect(await collector.refresh()).toBe(true);
      expect(await connections('active')).toBeGreaterThanOrEqual(1);
    } finally {
      await gone.drop();
    }
  });

  it('gives up on a server that never answers within its timeout, without failing scrapes', async () => {
    const hanging = await startHangingServer();
    try {
      const { registry, collector, errors } = setUp(
        `postgres://postgres@127.0.0.1:${hanging.port}/x`,
        DEADLINE_MS,
      );
      const started = Date.now();
      expect(await collector.refresh()).toBe(false);
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + LOAD_MARGIN_MS);
      expect(await errors()).toBe(1);
      await expect(registry.metrics()).resolves.toContain(
        'clicky_system_collect_errors_total{source="postgres"} 1',
      );
    } finally {
      await hanging.close();
    }
  });

  it('refreshes in the background once started', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const collector = postgresSystemMetrics({ registry, url: db.url, intervalMs: 50, timeoutMs: TIMEOUT_MS });
    collectors.push(collector);
    collector.start();
    await waitFor(
      'a first reading',
      async () => ((await sampleValue(registry, 'clicky_postgres_max_connections')) ?? 0) > 0,
      15_000,
      20,
    );
  });
});
