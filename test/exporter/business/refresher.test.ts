import { register as globalRegistry } from 'prom-client';
import { gauge } from '../../../exporter/src/business/query';
import { sampleValue } from '../../../exporter/src/business/store';
import { localDate } from '../../../status/days';
import {
  type BusinessDatabase,
  backends,
  createBusinessDatabase,
  waitForNoBackends,
} from '../../support/business-db';
import { harness, sampleIn, sleep, stopHarnesses, testQuery } from '../../support/business-metrics';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

let db: BusinessDatabase;
const errorsOf = (text: string, query: string) =>
  sampleIn(text, `clicky_business_query_errors_total{query="${query}"}`);

beforeAll(async () => {
  db = await createBusinessDatabase('business_refresher');
});
afterEach(stopHarnesses);
afterAll(async () => {
  await db.drop();
});

describe('a failing query', () => {
  it('is counted while the other queries and the scrape are served', async () => {
    const { business, registry } = harness(
      [testQuery('good', 'SELECT 7 AS n'), testQuery('bad', 'SELECT n FROM no_such_table')],
      { databaseUrl: db.url },
    );
    await business.refreshNow();
    const text = await registry.metrics();
    expect(sampleIn(text, 'clicky_test_good')).toBe(7);
    expect(sampleIn(text, 'clicky_test_bad')).toBeUndefined();
    expect(errorsOf(text, 'good')).toBe(0);
    expect(errorsOf(text, 'bad')).toBe(1);
    expect(sampleIn(text, 'clicky_business_query_last_success_timestamp_seconds{query="good"}')).toBeCloseTo(
      Date.now() / 1000,
      -1,
    );
    expect(
      sampleIn(text, 'clicky_business_query_last_success_timestamp_seconds{query="bad"}'),
    ).toBeUndefined();
    expect(sampleIn(text, 'clicky_business_query_duration_seconds{query="bad"}')).toBeGreaterThan(0);
  });

  it('logs an ERROR when it starts failing, not on every run, and INFO when it recovers', async () => {
    await db.sql('DROP TABLE IF EXISTS flaky');
    const { business, log } = harness([testQuery('flaky', 'SELECT count(*) AS n FROM flaky')], {
      databaseUrl: db.url,
    });
    await business.refreshNow();
    await business.refreshNow();
    await db.sql('CREATE TABLE flaky (id int)');
    await business.refreshNow();
    const lines = log.records().map((r) => [r.level, r.message, r.query]);
    expect(lines).toEqual([
      ['ERROR', 'Database error', 'flaky'],
      ['DEBUG', 'Business query still failing', 'flaky'],
      ['INFO', 'Business query recovered', 'flaky'],
    ]);
    expect(log.records()[0]).toMatchObject({ query_context: 'business query flaky' });
    expect(String(log.records()[0]?.error_message)).toContain('relation "flaky" does not exist');
  });

  it('is counted as an error when its result does not fit its declaration', async () => {
    const metric = gauge('clicky_test_shape', 'missing', 'Reads a column the query does not return.');
    const { business, registry } = harness([testQuery('shape', 'SELECT 1 AS n', {}, [metric])], {
      databaseUrl: db.url,
    });
    await business.refreshNow();
    expect(errorsOf(await registry.metrics(), 'shape')).toBe(1);
  });
  it('cannot write, even with SQL that tries to leave the read-only transaction', async () => {
    await db.sql('DROP TABLE IF EXISTS kept; CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)');
    const { business, log } = harness(
      [
        testQuery('writes', 'DELETE FROM kept RETURNING id AS n'),
        testQuery('escapes', 'COMMIT; DELETE FROM kept'),
      ],
      { databaseUrl: db.url },
    );
    await business.refreshNow();
    expect(business.snapshot().queries).toMatchObject({ writes: { errors: 1 }, escapes: { errors: 1 } });
    const messages = log.records().map((r) => r.error_message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('read-only transaction'),
        expect.stringContaining('multiple commands'),
      ]),
    );
    const { business: count } = harness([testQuery('kept', 'SELECT count(*) AS n FROM kept')], {
      databaseUrl: db.url,
    });
    await count.refreshNow();
    expect(sampleValue(count.snapshot(), 'clicky_test_kept')).toBe(1);
  });
});

describe('timeouts and overlap', () => {
  it('cancels a query at its timeout, on the server too', async () => {
    const { business, registry, log } = harness(
      [testQuery('slow', 'SELECT 1 AS n FROM pg_sleep(10) /* slow-marker */', { timeoutMs: 200 })],
      { databaseUrl: db.url },
    );
    const started = Date.now();
    await business.refreshNow();
    expect(Date.now() - started).toBeLessThan(LOAD_MARGIN_MS); // the query alone sleeps 10 s
    expect(errorsOf(await registry.metrics(), 'slow')).toBe(1);
    expect(log.records()[0]?.error_message).toMatch(/statement timeout/);
    expect(await backends(db.name, 'slow-marker')).toBe(0);
  });

  it.each([
    ['a slow query', 'SELECT 1 AS n FROM pg_sleep(0.3) /* overlap-ok */', 'overlap-ok', 2_000],
    [
      'a query that times out',
      'SELECT 1 AS n FROM pg_sleep(10) /* overlap-timeout */',
      'overlap-timeout',
      150,
    ],
  ])(
    'never runs %s twice at once, whatever the interval and refreshNow calls',
    async (_, sql, marker, timeoutMs) => {
      const { business } = harness([testQuery('overlap', sql, { intervalMs: 1, timeoutMs })], {
        databaseUrl: db.url,
      });
      business.start();
      const seen: number[] = [];
      const successes = new Set<number>();
      const runs = () => (business.snapshot().queries.overlap?.errors ?? 0) + successes.size;
      // Until it has run three times, however slow the machine: overlap is checked all along.
      const deadline = Date.now() + 15_000;
      while (runs() < 3 && Date.now() < deadline) {
        void business.refreshNow();
        seen.push(await backends(db.name, marker));
        const success = business.snapshot().queries.overlap?.lastSuccessAt;
        if (success) successes.add(success);
        await sleep(15);
      }
      expect(Math.max(...seen)).toBe(1);
      // It did run again and again meanwhile.
      expect(runs()).toBeGreaterThanOrEqual(3);
    },
  );
});

describe('expiry', () => {
  it('drops the series after N failed refreshes in a row, and serves them again on success', async () => {
    await db.sql(
      'DROP TABLE IF EXISTS probe; CREATE TABLE probe (id int); INSERT INTO probe VALUES (1), (2), (3)',
    );
    const { business, registry } = harness([testQuery('probe', 'SELECT count(*) AS n FROM probe')], {
      databaseUrl: db.url,
      missedRefreshesBeforeExpiry: 2,
    });
    const served = async () => sampleIn(await registry.metrics(), 'clicky_test_probe');
    await business.refreshNow();
    expect(await served()).toBe(3);

    await db.sql('ALTER TABLE probe RENAME TO probe_away');
    await business.refreshNow();
    expect(await served()).toBe(3);
    expect(sampleValue(business.snapshot(), 'clicky_test_probe')).toBe(3);
    await business.refreshNow();
    expect(await served()).toBeUndefined();
    expect(business.snapshot().metrics).toEqual({});
    expect(business.snapshot().queries.probe).toMatchObject({
      fresh: false,
      consecutiveFailures: 2,
      errors: 2,
    });

    await db.sql('ALTER TABLE probe_away RENAME TO probe');
    await business.refreshNow();
    expect(await served()).toBe(3);
  });
});

describe('lifecycle and configuration', () => {
  it('refreshes each query on its interval after start()', async () => {
    const { business } = harness([testQuery('tick', 'SELECT 1 AS n', { intervalMs: 100 })], {
      databaseUrl: db.url,
    });
    business.start();
    // Three runs, however slow the machine (the first one connects): without the interval it
    // would stop at one.
    const successes = new Set<number>();
    await waitFor(
      'three successful runs',
      () => {
        const at = business.snapshot().queries.tick?.lastSuccessAt;
        if (at) successes.add(at);
        return successes.size >= 3;
      },
      15_000,
    );
  });

  it('stop() waits for the run in flight, then runs nothing more and closes its connections', async () => {
    const { business } = harness(
      [testQuery('tock', 'SELECT 1 AS n FROM pg_sleep(0.2)', { intervalMs: 50 })],
      {
        databaseUrl: db.url,
      },
    );
    business.start();
    await sleep(50);
    await business.stop();
    const stopped = business.snapshot().queries.tock?.lastSuccessAt;
    expect(stopped).toEqual(expect.any(Number));
    await sleep(300); // six intervals: time for runs that should not happen
    expect(business.snapshot().queries.tock?.lastSuccessAt).toBe(stopped);
    // Its connections close (they would idle for two minutes otherwise); the backends exit after.
    await waitForNoBackends(db.name);
  });

  it('runs every query in the configured time zone', async () => {
    const zoneQuery = testQuery(
      'zone',
      'SELECT current_date::text AS day, current_setting($$TimeZone$$) AS zone, 1 AS n',
      {},
      [gauge('clicky_test_zone', 'n', 'Session time zone and date.', ['day', 'zone'])],
    );
    for (const timeZone of [undefined, 'Pacific/Kiritimati', 'Etc/GMT+12']) {
      const { business } = harness([zoneQuery], { databaseUrl: db.url, timeZone });
      const zone = timeZone ?? 'Asia/Jakarta';
      // The zone's date when the query ran: the one before the run or, past its midnight, after.
      const before = localDate(Date.now() / 1000, zone);
      await business.refreshNow();
      const after = localDate(Date.now() / 1000, zone);
      const day = expect.stringMatching(`^(${before}|${after})$`);
      expect(business.snapshot().metrics.clicky_test_zone?.samples).toEqual([
        { labels: { day, zone }, value: 1 },
      ]);
    }
  });

  it('refuses an unknown time zone and invalid queries', () => {
    for (const timeZone of ['Mars/Olympus', '+07:00', ''])
      expect(() => harness([testQuery('a', 'SELECT 1 AS n')], { databaseUrl: db.url, timeZone })).toThrow(
        `unknown time zone "${timeZone}"`,
      );
    const twice = [
      testQuery('a', 'SELECT 1 AS n'),
      testQuery('b', 'SELECT 1 AS n', {}, [gauge('clicky_test_a', 'n', 'x')]),
    ];
    expect(() => harness(twice, { databaseUrl: db.url })).toThrow(
      'query b: metrics[0].name: is already declared by query a',
    );
  });

  it('registers on the registry it is given, not the global one', async () => {
    const { business, registry } = harness([testQuery('own', 'SELECT 1 AS n')], { databaseUrl: db.url });
    await business.refreshNow();
    expect(await registry.metrics()).toContain('clicky_test_own 1\n');
    expect(await globalRegistry.metrics()).not.toContain('clicky_');
  });
});
