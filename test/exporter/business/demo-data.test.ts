import { spawn } from 'node:child_process';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import {
  type BusinessDatabase,
  createBusinessDatabase,
  DEMO_DATA_SQL,
  runOn,
} from '../../support/business-db';
import { type Harness, harness, stopHarnesses, testQuery } from '../../support/business-metrics';

/** Runs `promtool check metrics` on `text`; its findings (stdout and stderr) and exit code. */
function promtoolCheckMetrics(text: string): Promise<{ output: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ output, code }));
    child.stdin.end(text);
  });
}

let db: BusinessDatabase;
let demo: Harness;

beforeAll(async () => {
  db = await createBusinessDatabase('business_demo');
  await runOn(db.url, DEMO_DATA_SQL);
  demo = harness(builtinQueries(), { databaseUrl: db.url });
  await demo.business.refreshNow();
});
afterAll(async () => {
  await stopHarnesses();
  await db.drop();
});

/** Every value of the snapshot except the sync's finish time (which is relative to now). */
function values(h: Harness): Record<string, number> {
  const entries = Object.entries(h.business.snapshot().metrics).flatMap(([name, metric]) =>
    metric.samples.map((s) => [`${name}${JSON.stringify(s.labels)}`, s.value] as const),
  );
  return Object.fromEntries(entries.filter(([key]) => !key.startsWith('clicky_wp_sync_last_success')));
}

describe('exporter/sql/demo-data.sql', () => {
  it('feeds every built-in query, with non-zero "today" numbers', () => {
    const { queries } = demo.business.snapshot();
    expect(Object.values(queries).filter((q) => q.errors > 0 || !q.fresh)).toEqual([]);
    expect(values(demo)).toMatchObject({
      'clicky_users{}': 231,
      'clicky_users_new_today{}': 10,
      'clicky_users_active_today{}': 58,
      'clicky_bookings_scheduled_today{}': 4,
      'clicky_bookings_created_today{}': 6,
      'clicky_donations_today{}': 16,
      'clicky_donations_today_amount_idr{}': 31_700_000,
      'clicky_auction_bids_today{}': 12,
      'clicky_equipment_loans_overdue{}': 4,
      'clicky_wp_sync_consecutive_failures{}': 1,
    });
    // 12 programs, capped at the default 10.
    expect(demo.business.snapshot().metrics.clicky_donations_program_amount_idr?.samples).toHaveLength(10);
  });

  it('is deterministic and re-runnable: loading it again gives the same numbers', async () => {
    const first = values(demo);
    await runOn(db.url, DEMO_DATA_SQL);
    await demo.business.refreshNow();
    expect(values(demo)).toEqual(first);
  });
});

describe('promtool check metrics', () => {
  it('finds nothing to complain about in the exposition, failing queries included', async () => {
    const failing = harness([...builtinQueries(), testQuery('broken', 'SELECT n FROM no_such_table')], {
      databaseUrl: db.url,
    });
    await failing.business.refreshNow();
    for (const text of [await demo.registry.metrics(), await failing.registry.metrics()]) {
      expect(text).toContain('clicky_donations_amount_idr ');
      expect(await promtoolCheckMetrics(text)).toEqual({ output: '', code: 0 });
    }
  });

  it('does complain about a gauge named like a counter (the check is live)', async () => {
    const text = '# HELP clicky_x_total x\n# TYPE clicky_x_total gauge\nclicky_x_total 1\n';
    expect(await promtoolCheckMetrics(text)).toMatchObject({
      output: expect.stringContaining('_total'),
      code: 3,
    });
  });
});
