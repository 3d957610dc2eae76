import { Client } from 'pg';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import { sampleValue } from '../../../exporter/src/business/store';
import {
  adminRows,
  type BusinessDatabase,
  createBusinessDatabase,
  runOn,
  waitForNoBackends,
} from '../../support/business-db';
import { harness, sampleIn, stopHarnesses, testQuery } from '../../support/business-metrics';
import { freePort } from '../../support/ports';
import { adminQuery } from '../../support/postgres';

let db: BusinessDatabase;

beforeAll(async () => {
  db = await createBusinessDatabase('business_outage');
  await db.sql('CREATE TABLE things (id int); INSERT INTO things VALUES (1), (2)');
});
afterEach(stopHarnesses);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL unreachable', () => {
  it('does not crash, counts an error per query, and still serves the scrape', async () => {
    const url = `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/clicky`;
    const queries = builtinQueries();
    const { business, registry, log } = harness(queries, { databaseUrl: url });
    business.start();
    await business.refreshNow();
    const text = await registry.metrics();
    for (const { name } of queries)
      expect(sampleIn(text, `clicky_business_query_errors_total{query="${name}"}`)).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/^clicky_users /m);
    expect(business.snapshot().metrics).toEqual({});
    expect(log.lines.join('\n')).not.toContain('hunter2');
    expect(log.records()[0]).toMatchObject({
      level: 'ERROR',
      error_message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('recovers without a restart once the database is there', async () => {
    const name = `${db.name}_later`;
    const { business } = harness([testQuery('things', 'SELECT count(*) AS n FROM things')], {
      databaseUrl: `postgres://postgres@127.0.0.1:5432/${name}`,
    });
    try {
      await business.refreshNow();
      expect(business.snapshot().queries.things?.errors).toBe(1);
      await adminQuery(`CREATE DATABASE "${name}"`);
      await runOn(
        `postgres://postgres@127.0.0.1:5432/${name}`,
        'CREATE TABLE things (id int); INSERT INTO things VALUES (1)',
      );
      await business.refreshNow();
      expect(sampleValue(business.snapshot(), 'clicky_test_things')).toBe(1);
    } finally {
      await business.stop();
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('survives its connections being killed (a PostgreSQL restart) and reconnects', async () => {
    const { business } = harness([testQuery('things', 'SELECT count(*) AS n FROM things')], {
      databaseUrl: db.url,
    });
    await business.refreshNow();
    const killed = await adminRows<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
       WHERE datname = $1 AND application_name = 'clicky-exporter-business'`,
      [db.name],
    );
    expect(killed.length).toBeGreaterThan(0);
    await waitForNoBackends(db.name);
    await business.refreshNow();
    await business.refreshNow();
    const status = business.snapshot().queries.things;
    expect(status).toMatchObject({ fresh: true, consecutiveFailures: 0 });
    expect(sampleValue(business.snapshot(), 'clicky_test_things')).toBe(2);
  });
});

describe('scrapes', () => {
  it('cost the database nothing: 50 concurrent scrapes run zero queries', async () => {
    const queries = builtinQueries();
    // Counted where they are sent: the server's own counters (pg_stat_database) also count the
    // transactions of autovacuum workers visiting the database.
    const sent = jest.spyOn(Client.prototype, 'query');
    try {
      const { business, registry } = harness(queries, { databaseUrl: db.url });
      await business.refreshNow();
      const statements = sent.mock.calls.map(([config]) => textOf(config));
      const texts = await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
      Array.from({ length: 50 }, () => business.snapshot());
      // The scrapes read the cache: nothing sent since the refresh.
      expect(sent).toHaveBeenCalledTimes(statements.length);
      // One transaction per query run, running that query's SQL once, and nothing else.
      expect(statements.filter((text) => text.startsWith('BEGIN'))).toHaveLength(queries.length);
      expect(statements.filter((text) => !/^(BEGIN|COMMIT)\b/.test(text)).sort()).toEqual(
        queries.map((query) => query.sql).sort(),
      );
      expect(new Set(texts).size).toBe(1);
      expect(sampleIn(texts[0] ?? '', 'clicky_users')).toBe(0);
    } finally {
      sent.mockRestore();
    }
  });
});

/** The SQL of a `client.query()` call, given as text or as a query config. */
const textOf = (config: unknown) => (typeof config === 'string' ? config : (config as { text: string }).text);
