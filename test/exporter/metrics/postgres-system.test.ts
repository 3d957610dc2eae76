import { Client } from 'pg';
import { postgresSystemMetrics } from '../../../exporter/src/metrics/postgres-system';
import type { SystemCollector } from '../../../exporter/src/metrics/system-collector';
import { createRegistry } from '../../../lib/metrics/registry';
import { startHangingServer } from '../../support/hanging-server';
import { promtoolCheckMetrics, samples, sampleValue } from '../../support/metrics';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { LOAD_MARGIN_MS } from '../../support/timing';

const TIMEOUT_MS = 300;

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

function setUp(url = db.url) {
  const registry = createRegistry({ defaultMetrics: false });
  const collector = postgresSystemMetrics({ registry, url, timeoutMs: TIMEOUT_MS, expireAfterFailures: 2 });
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

/** When the collector's own connection last started a query (pg_stat_activity is live, not delayed). */
async function collectorQueryStart(): Promise<string | undefined> {
  const client = await connected(db.url);
  try {
    const { rows } = await client.query<{ query_start: Date }>(
      "SELECT query_start FROM pg_stat_activity WHERE datname = $1 AND application_name = 'clicky-exporter-metrics'",
      [db.name],
    );
    return rows[0]?.query_start.toISOString();
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
    const before = await collectorQueryStart();
    expect(before).toBeDefined();
    const texts = await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect(await collectorQueryStart()).toBe(before);
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
      const { registry, collector, errors } = setUp(`postgres://postgres@127.0.0.1:${hanging.port}/x`);
      const started = Date.now();
      expect(await collector.refresh()).toBe(false);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + LOAD_MARGIN_MS);
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
    for (let i = 0; i < 50 && !(await sampleValue(registry, 'clicky_postgres_max_connections')); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await sampleValue(registry, 'clicky_postgres_max_connections')).toBeGreaterThan(0);
  });
});
