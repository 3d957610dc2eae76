import { Client } from 'pg';
import { parse } from 'yaml';
import { compareFigures, parseSamples } from '../../bench/support/figures-check';
import { BASE_VOLUME, loadVolume, volumeFor } from '../../bench/support/metrics-volume';
import { namespaceOf, postgresExporterQueries } from '../../bench/support/postgres-exporter';
import { builtinQueries } from '../../exporter/src/business/catalogue';
import { SCHEMA_SQL } from '../support/business-db';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

type PeerQueries = Record<
  string,
  { query: string; cache_seconds: number; metrics: Record<string, { usage: string }>[] }
>;

describe('postgresExporterQueries', () => {
  const queries = builtinQueries();
  const file = parse(postgresExporterQueries(queries, 60)) as PeerQueries;

  it('keeps the SQL of every built-in query verbatim, cached for the refresh interval', () => {
    expect(Object.keys(file)).toEqual(queries.map(namespaceOf));
    for (const query of queries) {
      expect(file[namespaceOf(query)]?.query).toBe(query.sql);
      expect(file[namespaceOf(query)]?.cache_seconds).toBe(60);
    }
  });

  it('maps label columns to LABEL and value columns to GAUGE', () => {
    const byStatus = file.clicky_bookings_by_status?.metrics;
    expect(byStatus).toEqual([
      { status: expect.objectContaining({ usage: 'LABEL' }) },
      { bookings: expect.objectContaining({ usage: 'GAUGE' }) },
    ]);
    const users = file.clicky_users?.metrics.map((column) => Object.keys(column)[0]);
    expect(users).toEqual(['total', 'new_today', 'active_today', 'active_30d']);
  });
});

describe('compareFigures', () => {
  const queries = builtinQueries().filter((query) => query.name === 'bookings_by_status');
  const ours =
    '# HELP clicky_bookings x\nclicky_bookings{status="pending"} 7\nclicky_bookings{status="completed"} 40\n';

  it('matches our series with the peer namespace_column series, ignoring its server label', () => {
    const theirs =
      'clicky_bookings_by_status_bookings{server="127.0.0.1:5432",status="completed"} 40\n' +
      'clicky_bookings_by_status_bookings{server="127.0.0.1:5432",status="pending"} 7\n';
    expect(compareFigures(queries, ours, theirs)).toEqual({ compared: 2, differences: [] });
  });

  it('reports a value that differs or is missing', () => {
    const theirs = 'clicky_bookings_by_status_bookings{status="pending"} 8\n';
    expect(compareFigures(queries, ours, theirs).differences).toHaveLength(2);
  });

  it('parses label values with escaped quotes', () => {
    expect(parseSamples('m{a="x\\"y",b="z"} 1.5e3\n')).toEqual(new Map([['m{a="x\\"y",b="z"}', 1500]]));
  });
});

describe('volumeFor', () => {
  it('scales every table but the programs, at least one row each', () => {
    const volume = volumeFor(0.1, {});
    expect(volume.bookings).toBe(20_000);
    expect(volume.programs).toBe(BASE_VOLUME.programs);
    expect(volumeFor(0.000001, {}).auctions).toBe(1);
  });

  it('takes an override per table and refuses nonsense', () => {
    expect(volumeFor(1, { BENCH_BOOKINGS: '123' }).bookings).toBe(123);
    expect(() => volumeFor(1, { BENCH_BIDS: '1.5' })).toThrow('BENCH_BIDS');
    expect(() => volumeFor(0, {})).toThrow('BENCH_SCALE');
  });
});

describe('loadVolume', () => {
  let db: TestDatabase;
  const volume = volumeFor(0.02, {});

  beforeAll(async () => {
    db = await createTestDatabase('bench_volume');
    await loadVolume(db.url, SCHEMA_SQL, volume);
  });
  afterAll(() => db.drop());

  it('loads the requested rows, with every "today" figure of the built-in queries above zero', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`SET TimeZone = 'Asia/Jakarta'`);
      const count = async (table: string) =>
        Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
      expect(await count('bookings')).toBe(volume.bookings);
      expect(await count('equipment_loans')).toBe(volume.loans);
      const figures: Record<string, number> = {};
      for (const query of builtinQueries()) {
        const { rows } = await client.query(query.sql);
        for (const [column, value] of Object.entries(rows[0] ?? {})) figures[column] = Number(value);
      }
      for (const figure of [
        'new_today',
        'active_today',
        'active',
        'scheduled_today',
        'created_today',
        'today',
        'bids_today',
        'revenue_idr',
        'overdue_loans',
      ])
        expect(figures[figure]).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
