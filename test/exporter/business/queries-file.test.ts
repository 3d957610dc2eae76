import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import {
  loadBusinessQueries,
  loadQueriesFile,
  mergeQueries,
  parseQueriesFile,
  QueriesFileError,
} from '../../../exporter/src/business/queries-file';
import { sampleValue } from '../../../exporter/src/business/store';
import { type BusinessDatabase, createBusinessDatabase } from '../../support/business-db';
import { harness, sampleIn, stopHarnesses } from '../../support/business-metrics';

const OVERRIDE = `
queries:
  users:                      # the same metrics from another table
    sql: SELECT count(*) AS total, 0 AS new_today, 0 AS active_today, 0 AS active_30d FROM members
    timeout: 2s
  volunteers:
    interval: 5m
    sql: SELECT region, count(*) AS n FROM volunteers GROUP BY region
    metrics:
      - name: clicky_volunteers
        help: Volunteers by region.
        labels: [region]
        value_column: n
  donations_top_programs:
    enabled: false
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'queries-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The problems reported for `yaml`, or [] when it is accepted. */
function problemsOf(yaml: string): readonly string[] {
  try {
    mergeQueries(builtinQueries(), parseQueriesFile(yaml, 'q.yml'), 'q.yml');
    return [];
  } catch (err) {
    if (!(err instanceof QueriesFileError)) throw err;
    return err.problems;
  }
}

describe('merging an override file', () => {
  const merged = mergeQueries(builtinQueries(), parseQueriesFile(OVERRIDE, 'q.yml'), 'q.yml');
  const byName = new Map(merged.map((q) => [q.name, q]));

  it('replaces the fields given for a built-in query and keeps the others', () => {
    const users = builtinQueries().find((q) => q.name === 'users');
    expect(byName.get('users')).toEqual({
      ...users,
      sql: expect.stringContaining('FROM members'),
      timeoutMs: 2000,
    });
  });

  it('adds new queries after the built-ins, with default timeout', () => {
    expect(merged.at(-1)).toEqual({
      name: 'volunteers',
      sql: expect.stringContaining('FROM volunteers'),
      intervalMs: 300_000,
      timeoutMs: 5_000,
      metrics: [
        {
          name: 'clicky_volunteers',
          help: 'Volunteers by region.',
          type: 'gauge',
          labels: ['region'],
          valueColumn: 'n',
        },
      ],
    });
  });

  it('drops a query with enabled: false', () => {
    expect(byName.has('donations_top_programs')).toBe(false);
    expect(merged).toHaveLength(builtinQueries().length);
  });

  it('reads durations as seconds or with a unit', () => {
    const interval = (value: string) =>
      mergeQueries(
        [],
        parseQueriesFile(
          `queries: {q: {sql: x, interval: ${value}, metrics: [{name: m, help: h, value_column: v}]}}`,
          'f',
        ),
        'f',
      )[0]?.intervalMs;
    expect([interval('90'), interval('1.5'), interval('1500ms'), interval('2m'), interval('1h')]).toEqual([
      90_000, 1_500, 1_500, 120_000, 3_600_000,
    ]);
  });
});

describe('invalid files', () => {
  it.each([
    [
      'queries:\n  users:\n    sqll: SELECT 1',
      'query users: sqll: is not a known field (enabled, sql, interval, timeout, metrics)',
    ],
    [
      'queries:\n  x:\n    sql: SELECT 1\n    metrics:\n      - name: clicky_x\n        help: X',
      'query x: metrics[0].value_column: is required',
    ],
    ['queries:\n  x:\n    sql: SELECT 1', 'query x: metrics: is required for a new query'],
    [
      'queries:\n  users:\n    interval: soon',
      'query users: interval: must be a duration such as 500ms, 30s, 5m or 1h',
    ],
    ['queries:\n  users:\n    timeout: 20m', 'query users: timeout: must be from 100ms to 10m'],
    ['queries:\n  users:\n    sql: "  "', 'query users: sql: must not be empty'],
    ['queries:\n  nope:\n    enabled: false', 'query nope: enabled: there is no query nope to disable'],
    ['queries:\n  users:\n    enabled: no', 'query users: enabled: must be a boolean'],
    [
      'queries:\n  users:\n    metrics:\n      - {name: clicky_users_total, help: h, value_column: total}',
      'query users: metrics[0].name: a gauge must not end in _total',
    ],
    [
      'queries:\n  users:\n    metrics:\n      - {name: clicky_bookings, help: h, value_column: total}',
      'query bookings_by_status: metrics[0].name: is already declared by query users',
    ],
    [
      'queries:\n  users:\n    metrics:\n      - {name: clicky_u, help: h, type: counter, value_column: total}',
      'query users: metrics[0].type: must be gauge (values computed from SQL are gauges)',
    ],
    [
      'queries:\n  Users Two:\n    sql: SELECT 1\n    metrics: [{name: clicky_u2, help: h, value_column: n}]',
      'query Users Two: name: must be snake_case (a-z, 0-9, _)',
    ],
    ['queries: 3', 'queries: must be a map of query names to queries'],
    ['', 'queries: is required'],
    ['queries:\n  [x', 'not valid YAML: '],
  ])('%j → %s', (yaml, problem) => {
    expect(problemsOf(yaml)).toContainEqual(expect.stringContaining(problem));
  });

  it('names the file in the message', async () => {
    const path = join(dir, 'bad.yml');
    await writeFile(path, 'queries:\n  users:\n    sqll: x\n');
    await expect(loadQueriesFile(path)).rejects.toThrow(
      `${path}: invalid queries file:\n  query users: sqll:`,
    );
    await expect(loadQueriesFile(join(dir, 'missing.yml'))).rejects.toThrow(
      'missing.yml: invalid queries file:\n  cannot be read: ENOENT',
    );
  });
});

describe('an override on a real database', () => {
  let db: BusinessDatabase;
  beforeAll(async () => {
    db = await createBusinessDatabase('business_override');
    await db.sql(`
      CREATE TABLE members (id int); INSERT INTO members SELECT generate_series(1, 4);
      CREATE TABLE volunteers (region text); INSERT INTO volunteers VALUES ('jakarta'), ('jakarta'), ('bandung')`);
  });
  afterEach(stopHarnesses);
  afterAll(async () => {
    await db.drop();
  });

  it('serves the replaced SQL and the added query, and not the disabled one', async () => {
    const path = join(dir, 'override.yml');
    await writeFile(path, OVERRIDE);
    const queries = await loadBusinessQueries({ queriesFile: path });
    const { business, registry } = harness(queries, { databaseUrl: db.url });
    await business.refreshNow();
    const snapshot = business.snapshot();
    expect(sampleValue(snapshot, 'clicky_users')).toBe(4);
    expect(sampleValue(snapshot, 'clicky_volunteers', { region: 'jakarta' })).toBe(2);
    expect(sampleValue(snapshot, 'clicky_volunteers', { region: 'bandung' })).toBe(1);
    const text = await registry.metrics();
    expect(sampleIn(text, 'clicky_business_query_errors_total{query="volunteers"}')).toBe(0);
    expect(text).not.toContain('clicky_donations_program_amount_idr');
    expect(text).not.toContain('query="donations_top_programs"');
  });

  it('is optional: without a file, the built-ins', async () => {
    expect(await loadBusinessQueries({ topPrograms: 5 })).toEqual(builtinQueries({ topPrograms: 5 }));
  });
});
