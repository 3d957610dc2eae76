import { Registry } from 'prom-client';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import { checkQueries } from '../../../exporter/src/business/query';
import {
  type BusinessMetrics,
  createBusinessMetrics,
  DEFAULT_TIME_ZONE,
} from '../../../exporter/src/business/refresher';
import { type BusinessSnapshot, sampleValue } from '../../../exporter/src/business/store';
import { localDate } from '../../../status/days';
import { at, type BusinessDatabase, createBusinessDatabase } from '../../support/business-db';
import { capturedLogger } from '../../support/captured-logger';

// Fixture rows, each commented with what it tests; "today" is Asia/Jakarta's, like the refresher's.
const FIXTURES = `
INSERT INTO users (id, email, full_name, is_active, created_at, last_active_at) VALUES
  (1, 'a@x', 'A', true,  ${at.yesterday},    ${at.today}),      -- DAU
  (2, 'b@x', 'B', true,  ${at.today},        ${at.today}),      -- new today, DAU
  (3, 'c@x', 'C', true,  ${at.today},        NULL),             -- new today, never active since
  (4, 'd@x', 'D', true,  ${at.ago('100 days')}, ${at.ago('10 days')}),  -- MAU only
  (5, 'e@x', 'E', true,  ${at.ago('100 days')}, ${at.ago('31 days')}),  -- neither
  (6, 'f@x', 'F', false, ${at.today},        ${at.today}),      -- deactivated: nowhere
  (7, 'g@x', 'G', true,  ${at.ago('40 days')},  ${at.yesterday}); -- MAU, not DAU

INSERT INTO sessions (user_id, expires_at, revoked_at) VALUES
  (1, ${at.ahead('7 days')}, NULL), (2, ${at.ahead('1 hour')}, NULL), (4, ${at.ahead('1 day')}, NULL),
  (5, ${at.ago('1 minute')}, NULL),          -- expired
  (7, ${at.ahead('7 days')}, ${at.today});   -- revoked

INSERT INTO bookings (user_id, date, slot, status, created_at) VALUES
  (1, current_date,      '08:00', 'pending',   ${at.today}),        -- scheduled + created today
  (2, current_date,      '10:00', 'confirmed', ${at.yesterday}),    -- scheduled today
  (1, current_date - 1,  '08:00', 'completed', ${at.ago('5 days')}),
  (2, current_date - 2,  '08:00', 'completed', ${at.ago('5 days')}),
  (4, current_date - 29, '08:00', 'completed', ${at.ago('35 days')}),  -- oldest day in the window
  (4, current_date - 5,  '08:00', 'cancelled', ${at.ago('9 days')}),
  (7, current_date - 40, '08:00', 'completed', ${at.ago('45 days')}),  -- outside the window
  (7, current_date + 3,  '08:00', 'cancelled', ${at.today}),        -- future: not in the ratio
  (1, current_date + 7,  '08:00', 'pending',   ${at.today});

INSERT INTO programs (id, slug, name) VALUES
  (1, 'zakat-fund', 'Zakat'), (2, 'water', 'Air Bersih'), (3, 'school', 'Sekolah'), (4, 'clinic', 'Klinik');

INSERT INTO donations (program_id, amount, status, created_at) VALUES
  (2,  300000, 'paid',     ${at.ago('3 days')}),
  (2,  200000, 'paid',     ${at.today}),
  (3,  400000, 'paid',     ${at.ago('3 days')}),
  (3,  100000, 'paid',     ${at.yesterday}),
  (4,  100000, 'paid',     ${at.today}),
  (1,   50000, 'paid',     ${at.ago('3 days')}),
  (NULL, 1000000, 'paid',  ${at.today}),        -- general donation: totals only
  (3, 5000000, 'pending',  ${at.today}),        -- not settled
  (4, 9000000, 'failed',   ${at.today}),
  (2,  700000, 'refunded', ${at.ago('3 days')});

INSERT INTO auctions (id, title, status, starting_price, starts_at, ends_at) VALUES
  (1, 'open',     'active',    100000, ${at.ago('1 day')},   ${at.ahead('1 day')}),
  (2, 'overrun',  'active',    100000, ${at.ago('2 days')},  ${at.ago('1 hour')}),   -- past its end
  (3, 'later',    'scheduled', 100000, ${at.ahead('1 day')}, ${at.ahead('2 days')}),
  (4, 'sold',     'ended',     100000, ${at.ago('20 days')}, ${at.ago('10 days')}),
  (5, 'sold too', 'ended',     100000, ${at.ago('9 days')},  ${at.ago('5 days')}),
  (6, 'unsold',   'ended',     100000, ${at.ago('9 days')},  ${at.ago('5 days')});
INSERT INTO bids (id, auction_id, bidder_id, amount, created_at) VALUES
  (1, 1, 1, 150000, ${at.today}), (2, 1, 2, 200000, ${at.today}), (3, 1, 4, 250000, ${at.today}),
  (4, 1, 1, 120000, ${at.yesterday}),
  (5, 4, 2, 500000, ${at.ago('12 days')}), (6, 4, 7, 800000, ${at.ago('11 days')}),
  (7, 5, 4, 1200000, ${at.ago('6 days')});
UPDATE auctions SET winning_bid_id = 6 WHERE id = 4;
UPDATE auctions SET winning_bid_id = 7 WHERE id = 5;

INSERT INTO equipment_items (id, name, category, retired_at) VALUES
  (1, 'W1', 'Wheelchair', NULL), (2, 'W2', 'Wheelchair', NULL), (3, 'T1', 'Tent', NULL),
  (4, 'T2', 'Tent', NULL), (5, 'S1', 'Sound', NULL), (6, 'S2', 'Sound', ${at.ago('3 days')});
INSERT INTO equipment_loans (item_id, user_id, loaned_at, due_at, returned_at) VALUES
  (1, 1, ${at.ago('10 days')}, ${at.ago('3 days')},   NULL),   -- overdue
  (2, 2, ${at.ago('10 days')}, ${at.ago('1 minute')}, NULL),   -- overdue
  (3, 4, ${at.ago('30 days')}, ${at.ago('20 days')},  NULL),   -- overdue
  (4, 7, ${at.ago('1 day')},   ${at.ahead('6 days')}, NULL),   -- on loan, not due
  (5, 1, ${at.ago('30 days')}, ${at.ago('20 days')},  ${at.ago('2 days')}),  -- returned late: not overdue
  (6, 2, ${at.ago('60 days')}, ${at.ago('50 days')},  ${at.ago('50 days')});

INSERT INTO wp_sync_runs (started_at, finished_at, status) VALUES
  ('2026-05-31 23:00:00+00', '2026-05-31 23:00:30+00', 'failed'),   -- before the last success
  ('2026-06-01 00:00:00+00', '2026-06-01 00:00:40+00', 'success'),
  ('2026-06-01 01:00:00+00', '2026-06-01 01:00:30+00', 'failed'),
  ('2026-06-01 02:00:00+00', '2026-06-01 02:00:30+00', 'failed'),
  ('2026-06-01 03:00:00+00', '2026-06-01 03:00:30+00', 'failed');
INSERT INTO wp_sync_runs (started_at) VALUES ('2026-06-01 04:00:00+00');   -- running: not a failure
`;

let db: BusinessDatabase;
let business: BusinessMetrics;
let registry: Registry;
let snapshot: BusinessSnapshot;

/** The date in the refresher's time zone, whose midnight starts "today" for fixtures and queries. */
const today = () => localDate(Date.now() / 1000, DEFAULT_TIME_ZONE);

beforeAll(async () => {
  // The rows are written for one "today" and read a moment later: should midnight fall in between,
  // the figures "today" would count another day's rows, so the whole setup starts again.
  for (;;) {
    const day = today();
    db = await createBusinessDatabase('business_catalogue');
    await db.sql(FIXTURES);
    registry = new Registry();
    business = createBusinessMetrics({
      databaseUrl: db.url,
      queries: builtinQueries({ topPrograms: 3 }),
      registry,
      logger: capturedLogger().logger,
    });
    await business.refreshNow();
    if (today() === day) break;
    await business.stop();
    await db.drop();
  }
  snapshot = business.snapshot();
});
afterAll(async () => {
  await business.stop();
  await db.drop();
});

const value = (metric: string, labels?: Record<string, string>) => sampleValue(snapshot, metric, labels);

describe('the built-in catalogue on fixture rows', () => {
  it('declares valid, unique names', () => {
    expect(checkQueries(builtinQueries())).toEqual([]);
  });

  it('runs every query without error', () => {
    for (const [name, status] of Object.entries(snapshot.queries))
      expect({ name, errors: status.errors, fresh: status.fresh }).toEqual({ name, errors: 0, fresh: true });
  });

  it('counts users, DAU, MAU and active sessions', () => {
    expect(value('clicky_users')).toBe(6);
    expect(value('clicky_users_new_today')).toBe(2);
    expect(value('clicky_users_active_today')).toBe(2);
    expect(value('clicky_users_active_30d')).toBe(4);
    expect(value('clicky_sessions_active')).toBe(3);
  });

  it('counts bookings by status, today, and the completion ratio', () => {
    const byStatus = Object.fromEntries(
      snapshot.metrics.clicky_bookings?.samples.map((s) => [s.labels.status, s.value]) ?? [],
    );
    expect(byStatus).toEqual({ pending: 2, confirmed: 1, completed: 4, cancelled: 2 });
    expect(value('clicky_bookings_scheduled_today')).toBe(2);
    expect(value('clicky_bookings_created_today')).toBe(3);
    expect(value('clicky_bookings_completion_ratio')).toBe(0.75);
  });

  it('sums settled donations only, in IDR, and ranks the top programs (ties by slug)', () => {
    expect(value('clicky_donations_amount_idr')).toBe(2_150_000);
    expect(value('clicky_donations_today')).toBe(3);
    expect(value('clicky_donations_today_amount_idr')).toBe(1_300_000);
    expect(snapshot.metrics.clicky_donations_program_amount_idr?.samples).toEqual([
      { labels: { program: 'school' }, value: 500_000 },
      { labels: { program: 'water' }, value: 500_000 },
      { labels: { program: 'clinic' }, value: 100_000 },
    ]);
  });

  it('counts open auctions, bids today and revenue from winning bids', () => {
    expect(value('clicky_auctions_active')).toBe(1);
    expect(value('clicky_auction_bids_today')).toBe(3);
    expect(value('clicky_auctions_revenue_idr')).toBe(2_000_000);
  });

  it('counts equipment in service, loans, exactly 3 overdue loans, and the loan ratio', () => {
    expect(value('clicky_equipment_items')).toBe(5);
    expect(value('clicky_equipment_loans_active')).toBe(4);
    expect(value('clicky_equipment_loans_overdue')).toBe(3);
    expect(value('clicky_equipment_loan_ratio')).toBe(0.8);
  });

  it('reports WordPress sync failures since the last success and when it finished', () => {
    expect(value('clicky_wp_sync_consecutive_failures')).toBe(3);
    expect(value('clicky_wp_sync_last_success_timestamp_seconds')).toBe(
      Date.UTC(2026, 5, 1, 0, 0, 40) / 1000,
    );
  });

  it('serves the same values at /metrics', async () => {
    const text = await registry.metrics();
    expect(text).toContain('clicky_bookings{status="pending"} 2\n');
    expect(text).toContain('clicky_bookings_completion_ratio 0.75\n');
    expect(text).toContain('clicky_donations_program_amount_idr{program="school"} 500000\n');
    expect(text).toContain('clicky_equipment_loans_overdue 3\n');
    expect(text).toContain('clicky_wp_sync_last_success_timestamp_seconds 1780272040\n');
  });

  it('leaves the last success absent, not zero, when the sync never succeeded', async () => {
    await db.sql(`DELETE FROM wp_sync_runs WHERE status = 'success'`);
    await business.refreshNow();
    const after = business.snapshot();
    expect(sampleValue(after, 'clicky_wp_sync_consecutive_failures')).toBe(4);
    expect(sampleValue(after, 'clicky_wp_sync_last_success_timestamp_seconds')).toBeUndefined();
    expect(await registry.metrics()).not.toMatch(/^clicky_wp_sync_last_success_timestamp_seconds /m);
  });

  it('reports every booking status, with 0 for a status no booking has', async () => {
    await db.sql(`DELETE FROM bookings WHERE status = 'cancelled'`);
    await business.refreshNow();
    expect(sampleValue(business.snapshot(), 'clicky_bookings', { status: 'cancelled' })).toBe(0);
    expect(await registry.metrics()).toContain('clicky_bookings{status="cancelled"} 0\n');
  });
});
