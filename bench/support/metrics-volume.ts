/**
 * A realistic volume of Clicky data for bench/metrics.ts, on top of exporter/sql/schema.sql.
 *
 * Set-based and deterministic like exporter/sql/demo-data.sql: every row comes from generate_series
 * arithmetic (no random()), every time is relative to now() in Asia/Jakarta (the exporter's default
 * METRICS_TIME_ZONE), so the figures are the same at any hour and every "today" figure is non-zero.
 * Spreads such as `(i % m) * k % m` stay inside integer range at any scale.
 */
import { Client } from 'pg';

/** Row counts at BENCH_SCALE=1; bookings, donations, bids and loans are the sizes of the issue. */
export const BASE_VOLUME = {
  users: 50_000,
  sessions: 60_000,
  bookings: 200_000,
  programs: 40,
  donations: 100_000,
  auctions: 2_000,
  bids: 100_000,
  items: 10_000,
  loans: 30_000,
  syncRuns: 10_000,
};

export type Volume = typeof BASE_VOLUME;

/** A lookup table, not a volume: the top-programs query keeps its 10 series at any scale. */
const UNSCALED: ReadonlySet<keyof Volume> = new Set(['programs']);

/**
 * BASE_VOLUME times `scale` (at least one row of each), each overridable by its own variable:
 * BENCH_USERS, BENCH_BOOKINGS, BENCH_SYNCRUNS... (the key in upper case).
 */
export function volumeFor(scale: number, env: NodeJS.ProcessEnv = process.env): Volume {
  if (!(scale > 0)) throw new RangeError(`BENCH_SCALE must be a positive number, got ${scale}`);
  const volume = { ...BASE_VOLUME };
  for (const key of Object.keys(volume) as (keyof Volume)[]) {
    const variable = `BENCH_${key.toUpperCase()}`;
    const override = env[variable];
    const scaled = UNSCALED.has(key) ? BASE_VOLUME[key] : Math.max(1, Math.round(BASE_VOLUME[key] * scale));
    const rows = override ? Number(override) : scaled;
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`${variable} must be a whole number >= 1`);
    volume[key] = rows;
  }
  return volume;
}

/** The INSERTs for `v`, in one transaction. Integers only are interpolated (checked by volumeFor). */
export function volumeSql(v: Volume): string {
  return `
BEGIN;
SET LOCAL TimeZone = 'Asia/Jakarta';
-- A moment of today, fraction f (0..1) of the way from local midnight to now: never in the future.
CREATE FUNCTION pg_temp.today_at(f numeric) RETURNS timestamptz
  LANGUAGE sql STABLE AS $$ SELECT date_trunc('day', now()) + (now() - date_trunc('day', now())) * f $$;

-- 1 in 1000 joined today, 1 in 25 deactivated; a quarter active today, a quarter this month, a
-- quarter months ago, a quarter never seen since signing up.
INSERT INTO users (email, full_name, role, is_active, created_at, last_active_at)
SELECT format('user%s@example.org', i), format('Bench User %s', i),
       CASE WHEN i <= 3 THEN 'admin' WHEN i <= 20 THEN 'staff' ELSE 'member' END,
       i % 25 <> 0,
       CASE WHEN i % 1000 = 1 THEN pg_temp.today_at((i / 1000 % 10 + 0.5) / 10)
            ELSE now() - make_interval(days => 1 + (i % 1000) * 37 % 1000, secs => (i % 86400) * 7919 % 86400) END,
       CASE i % 4 WHEN 0 THEN pg_temp.today_at((i % 9 + 1) / 10.0)
                  WHEN 1 THEN now() - make_interval(days => 1 + i % 28)
                  WHEN 2 THEN now() - make_interval(days => 40 + i % 300) END
FROM generate_series(1, ${v.users}) AS i;

-- A third expired, 1 in 11 revoked (logged out), the rest live.
INSERT INTO sessions (id, user_id, created_at, expires_at, revoked_at)
SELECT md5('session' || i)::uuid, 1 + (i % ${v.users}) * 7 % ${v.users},
       now() - make_interval(hours => 24 + i % 720),
       CASE WHEN i % 3 = 0 THEN now() - make_interval(hours => 1 + i % 100)
            ELSE now() + make_interval(days => 1 + i % 30) END,
       CASE WHEN i % 11 = 0 THEN now() - interval '30 minutes' END
FROM generate_series(1, ${v.sessions}) AS i;

-- From 700 days ago to 99 days ahead, 1 in 800 bookings a day; (date, slot) is unique, so the live
-- slot index never conflicts. Past: completed (1 in 5 cancelled); today: completed or confirmed;
-- ahead: confirmed, pending beyond two weeks, 1 in 9 cancelled. 1 in 40 future ones made today.
INSERT INTO bookings (user_id, date, slot, status, created_at, updated_at)
SELECT 1 + (i % ${v.users}) * 13 % ${v.users}, current_date + d, format('slot-%s', i / 800), status,
       created_at, created_at
FROM generate_series(0, ${v.bookings - 1}) AS i
CROSS JOIN LATERAL (SELECT i % 800 - 700 AS d) AS day
CROSS JOIN LATERAL (
  SELECT CASE WHEN d < 0 THEN CASE WHEN i % 5 = 0 THEN 'cancelled' ELSE 'completed' END
              WHEN d = 0 THEN CASE WHEN i % 2 = 0 THEN 'completed' ELSE 'confirmed' END
              WHEN i % 9 = 0 THEN 'cancelled'
              WHEN d > 14 THEN 'pending' ELSE 'confirmed' END AS status,
         CASE WHEN d > 0 AND i % 40 = 0 THEN pg_temp.today_at((i / 40 % 10 + 0.5) / 10)
              ELSE (current_date + least(d, 0)) - make_interval(days => 1 + i % 30, secs => (i % 86400) * 7919 % 86400)
         END AS created_at) AS b;

INSERT INTO programs (slug, name, created_at)
SELECT format('program-%s', lpad(i::text, 3, '0')), format('Program %s', i), now() - make_interval(days => 10 * i)
FROM generate_series(1, ${v.programs}) AS i;

-- Over two years, 1 in 500 today: 7 in 10 paid, then pending, failed, expired or refunded; 1 in 13
-- a general donation (no program).
INSERT INTO donations (user_id, program_id, amount, type, status, created_at, paid_at)
SELECT CASE WHEN i % 6 = 0 THEN NULL ELSE 1 + (i % ${v.users}) * 7 % ${v.users} END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (i % ${v.programs}) * 11 % ${v.programs} END,
       25000 * (1 + (i % 200) * 17 % 200),
       (ARRAY['one_time', 'one_time', 'recurring', 'zakat'])[1 + i % 4],
       status, created_at, CASE WHEN status = 'paid' THEN created_at + interval '2 minutes' END
FROM generate_series(1, ${v.donations}) AS i
CROSS JOIN LATERAL (
  SELECT (ARRAY['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'pending', 'failed',
                CASE WHEN i % 20 = 9 THEN 'expired' ELSE 'refunded' END])[1 + i % 10] AS status,
         CASE WHEN i % 500 = 0 THEN pg_temp.today_at((i / 500 % 10 + 0.5) / 10)
              ELSE now() - make_interval(days => 1 + (i % 730) * 31 % 730, secs => (i % 86400) * 7919 % 86400)
         END AS created_at) AS d;

-- One week each: 1 in 20 running now, the rest mostly ended, a few scheduled, draft or cancelled.
INSERT INTO auctions (title, status, starting_price, starts_at, ends_at, created_at)
SELECT format('Auction %s', a), status, 100000 * (1 + a % 50), starts_at, starts_at + interval '7 days',
       starts_at - interval '7 days'
FROM generate_series(1, ${v.auctions}) AS a
CROSS JOIN LATERAL (
  SELECT (ARRAY['active', 'scheduled', 'draft', 'cancelled'])[1 + a % 20] AS listed) AS l
CROSS JOIN LATERAL (SELECT coalesce(listed, 'ended') AS status) AS s
CROSS JOIN LATERAL (
  SELECT CASE WHEN status = 'active' THEN now() - make_interval(days => 1 + a % 5)
              WHEN status IN ('scheduled', 'draft') THEN now() + make_interval(days => 1 + a % 20)
              ELSE now() - make_interval(days => 10 + a % 700) END AS starts_at) AS t;

-- Spread evenly over the auctions, rising within each; 1 in 400 placed today.
INSERT INTO bids (auction_id, bidder_id, amount, created_at)
SELECT 1 + i % ${v.auctions}, 1 + (i % ${v.users}) * 11 % ${v.users},
       100000 * (1 + (1 + i % ${v.auctions}) % 50) + 5000 * (1 + i / ${v.auctions}),
       CASE WHEN i % 400 = 0 THEN pg_temp.today_at((i / 400 % 10 + 0.5) / 10)
            ELSE now() - make_interval(days => 1 + (i % 700) * 13 % 700, secs => (i % 86400) * 7919 % 86400) END
FROM generate_series(0, ${v.bids - 1}) AS i;

-- An ended auction is won by its highest (latest) bid.
UPDATE auctions a SET winning_bid_id = w.id
FROM (SELECT auction_id, max(id) AS id FROM bids GROUP BY auction_id) AS w
WHERE w.auction_id = a.id AND a.status = 'ended';

-- 1 in 20 retired.
INSERT INTO equipment_items (name, category, created_at, retired_at)
SELECT format('Item %s', i), (ARRAY['wheelchair', 'tent', 'sound system', 'chairs', 'projector'])[1 + i % 5],
       now() - make_interval(days => 30 + i % 900),
       CASE WHEN i % 20 = 0 THEN now() - make_interval(days => 1 + i % 200) END
FROM generate_series(1, ${v.items}) AS i;

-- 1 in 10 still out (one per item, as the unique index wants), about half of those overdue; the
-- rest returned.
INSERT INTO equipment_loans (item_id, user_id, loaned_at, due_at, returned_at)
SELECT CASE WHEN active THEN 1 + i / 10 ELSE 1 + (i % ${v.items}) * 7 % ${v.items} END,
       1 + (i % ${v.users}) * 17 % ${v.users}, loaned_at, loaned_at + interval '14 days',
       CASE WHEN NOT active THEN loaned_at + make_interval(days => 1 + i % 14) END
FROM generate_series(0, ${v.loans - 1}) AS i
CROSS JOIN LATERAL (SELECT i % 10 = 0 AND i / 10 < ${v.items} AS active) AS a
CROSS JOIN LATERAL (
  SELECT CASE WHEN active THEN now() - make_interval(days => i / 10 % 30, hours => 1)
              ELSE now() - make_interval(days => 30 + (i % 1000) * 7 % 1000) END AS loaned_at) AS l;

-- Every 15 minutes back in time, 1 in 37 failed.
INSERT INTO wp_sync_runs (started_at, finished_at, status, items_synced, error_message)
SELECT started_at, started_at + interval '2 minutes', CASE WHEN failed THEN 'failed' ELSE 'success' END,
       CASE WHEN NOT failed THEN i % 50 END, CASE WHEN failed THEN 'timeout' END
FROM generate_series(1, ${v.syncRuns}) AS i
CROSS JOIN LATERAL (SELECT now() - make_interval(mins => 15 * i) AS started_at, i % 37 = 0 AS failed) AS r;
COMMIT;`;
}

/** Applies `schemaSql`, loads `volume`, then VACUUM ANALYZE: the steady state autovacuum keeps. */
export async function loadVolume(url: string, schemaSql: string, volume: Volume): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(schemaSql);
    await client.query(volumeSql(volume));
    // Outside the transaction above (VACUUM refuses to run in one): visibility map and statistics.
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}
