-- Demo data for local runs of the business metrics, on top of schema.sql:
--
--   psql "$DATABASE_URL" -f exporter/sql/schema.sql -f exporter/sql/demo-data.sql
--
-- Deterministic (no random()): every row comes from generate_series arithmetic, and every time is
-- relative to now(), so a run at any hour gives the same totals and non-zero "today" numbers.
-- Rows "of today" lie between local midnight and now (never in the future). Re-runnable: it
-- empties the tables first.
--
-- Times are computed in Asia/Jakarta, the exporter's default METRICS_TIME_ZONE; with another
-- zone, change the SET below to match or a few "today" rows may fall on another day.
BEGIN;
SET LOCAL TimeZone = 'Asia/Jakarta';

TRUNCATE wp_sync_runs, equipment_loans, equipment_items, bids, auctions, donations, programs,
  bookings, sessions, users RESTART IDENTITY CASCADE;

-- "today_at(f)": a moment of today, fraction f (0..1) of the way from local midnight to now.
CREATE OR REPLACE FUNCTION pg_temp.today_at(f numeric) RETURNS timestamptz
  LANGUAGE sql STABLE AS $$ SELECT date_trunc('day', now()) + (now() - date_trunc('day', now())) * f $$;

-- 240 users: 10 joined today, every 25th deactivated; a quarter active today, a quarter earlier
-- this month, a quarter months ago, a quarter never seen since signing up.
INSERT INTO users (email, full_name, role, is_active, created_at, last_active_at)
SELECT format('user%s@example.org', i),
       format('Demo User %s', i),
       CASE WHEN i <= 3 THEN 'admin' WHEN i <= 10 THEN 'staff' ELSE 'member' END,
       i % 25 <> 0,
       CASE WHEN i > 230 THEN pg_temp.today_at((i - 230) / 11.0)
            ELSE now() - make_interval(days => 2 + (i * 37) % 700) END,
       CASE i % 4 WHEN 0 THEN pg_temp.today_at((i % 9 + 1) / 10.0)
                  WHEN 1 THEN now() - make_interval(days => 1 + i % 28)
                  WHEN 2 THEN now() - make_interval(days => 40 + i % 160)
                  ELSE NULL END
FROM generate_series(1, 240) AS i;

-- Sessions for every third user: most live, some expired, some revoked (logged out).
INSERT INTO sessions (user_id, created_at, expires_at, revoked_at)
SELECT i, now() - make_interval(hours => i % 48),
       CASE WHEN i % 7 = 0 THEN now() - interval '1 hour' ELSE now() + make_interval(days => 7 + i % 23) END,
       CASE WHEN i % 11 = 0 THEN now() - interval '30 minutes' END
FROM generate_series(3, 240, 3) AS i;

-- Bookings: four slots a day from 60 days ago to 14 days ahead, about two in three slots taken.
-- Past days are mostly completed (every 5th cancelled), today's confirmed or completed, future
-- ones pending or confirmed (every 9th cancelled).
INSERT INTO bookings (user_id, date, slot, status, created_at)
SELECT 1 + abs(d * 4 + s) % 240,
       current_date + d,
       (ARRAY['08:00-10:00', '10:00-12:00', '13:00-15:00', '15:00-17:00'])[s + 1],
       CASE WHEN d < 0 THEN CASE WHEN (d * 4 + s) % 5 = 0 THEN 'cancelled' ELSE 'completed' END
            WHEN d = 0 THEN CASE WHEN s < 2 THEN 'completed' ELSE 'confirmed' END
            WHEN (d * 4 + s) % 9 = 0 THEN 'cancelled'
            WHEN d > 7 THEN 'pending' ELSE 'confirmed' END,
       CASE WHEN d > 10 AND s % 2 = 0 THEN pg_temp.today_at((d - 10 + s) / 10.0)
            ELSE (current_date + least(d, 0)) - make_interval(days => 3 + abs(d * 4 + s) % 10) END
FROM generate_series(-60, 14) AS d, generate_series(0, 3) AS s
WHERE (d * 4 + s) % 3 <> 0 OR d = 0;

INSERT INTO programs (slug, name, created_at)
SELECT slug, name, now() - make_interval(days => 400 - n::int * 20)
FROM unnest(
  ARRAY['beasiswa-yatim', 'sumur-wakaf', 'renovasi-masjid', 'tanggap-bencana', 'pangan-dhuafa',
        'klinik-gratis', 'quran-pelosok', 'ambulans-gratis', 'qurban', 'guru-honorer',
        'umkm-mandiri', 'air-bersih'],
  ARRAY['Beasiswa Anak Yatim', 'Sumur Wakaf', 'Renovasi Masjid', 'Tanggap Bencana', 'Pangan Dhuafa',
        'Klinik Gratis', 'Quran ke Pelosok', 'Ambulans Gratis', 'Qurban', 'Guru Honorer',
        'UMKM Mandiri', 'Air Bersih']
) WITH ORDINALITY AS p (slug, name, n);

-- 600 donations over a year, 20 of them today: amounts from Rp 25.000 to Rp 5.000.000; 8 in 10
-- paid, then pending, failed, expired; every 13th a general donation (no program).
INSERT INTO donations (user_id, program_id, amount, type, status, created_at, paid_at)
SELECT CASE WHEN i % 6 = 0 THEN NULL ELSE 1 + (i * 7) % 240 END,
       CASE WHEN i % 13 = 0 THEN NULL ELSE 1 + (i * 5) % 12 END,
       25000 * (1 + (i * 17) % 200),
       (ARRAY['one_time', 'one_time', 'recurring', 'zakat'])[1 + i % 4],
       (ARRAY['paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'paid', 'pending', 'failed'])[1 + i % 10],
       created_at,
       CASE WHEN i % 10 < 8 THEN created_at + interval '2 minutes' END
FROM generate_series(1, 600) AS i,
     LATERAL (SELECT CASE WHEN i <= 20 THEN pg_temp.today_at(i / 21.0)
                          ELSE now() - make_interval(days => 1 + (i * 13) % 364, mins => i % 600) END
             ) AS t (created_at);
UPDATE donations SET status = 'expired', paid_at = NULL WHERE id % 50 = 0;

-- Auctions: 3 active, 2 scheduled, 4 ended (3 sold), 1 cancelled.
INSERT INTO auctions (title, status, starting_price, starts_at, ends_at, created_at)
SELECT format('Lelang Amal #%s', n), status, 500000 * n,
       now() + make_interval(days => start_day), now() + make_interval(days => end_day),
       now() + make_interval(days => start_day - 5)
FROM (VALUES (1, 'active', -2, 3), (2, 'active', -1, 5), (3, 'active', -3, 1),
             (4, 'scheduled', 2, 9), (5, 'scheduled', 5, 12),
             (6, 'ended', -20, -13), (7, 'ended', -15, -8), (8, 'ended', -10, -3), (9, 'ended', -9, -2),
             (10, 'cancelled', -6, -1)) AS a (n, status, start_day, end_day);

-- Bids on active and ended auctions (auction 9 got none), rising by Rp 50.000; on the active
-- auctions the last bids are today's.
INSERT INTO bids (auction_id, bidder_id, amount, created_at)
SELECT a.id, 11 + (a.id * 5 + k) % 200, a.starting_price + 50000 * k,
       CASE WHEN a.status = 'active' AND k > 4 THEN pg_temp.today_at(k / 10.0)
            ELSE a.starts_at + (least(a.ends_at, now() - interval '1 day') - a.starts_at) * k / 10 END
FROM auctions a, generate_series(1, 8) AS k
WHERE a.status IN ('active', 'ended') AND a.id <> 9;
UPDATE auctions a SET winning_bid_id = (SELECT max(id) FROM bids b WHERE b.auction_id = a.id)
WHERE a.status = 'ended';

-- 40 items, 2 retired.
INSERT INTO equipment_items (name, category, created_at, retired_at)
SELECT format('%s %s', category, i), category, now() - make_interval(days => 100 + i),
       CASE WHEN i IN (7, 31) THEN now() - interval '20 days' END
FROM generate_series(1, 40) AS i,
     LATERAL (SELECT (ARRAY['Kursi Roda', 'Tenda', 'Sound System', 'Tabung Oksigen'])[1 + i % 4]) AS c (category);

-- History: three returned loans per item; now: 14 items lent, 4 of them overdue.
INSERT INTO equipment_loans (item_id, user_id, loaned_at, due_at, returned_at)
SELECT i, 1 + (i * 3 + k) % 240, now() - make_interval(days => 90 - k * 20),
       now() - make_interval(days => 83 - k * 20), now() - make_interval(days => 84 - k * 20)
FROM generate_series(1, 40) AS i, generate_series(1, 3) AS k;
INSERT INTO equipment_loans (item_id, user_id, loaned_at, due_at)
SELECT i, 1 + i * 5, now() - make_interval(days => 3 + i % 10),
       CASE WHEN i <= 8 THEN now() - make_interval(days => 1 + i % 3) ELSE now() + make_interval(days => 7) END
FROM generate_series(2, 30, 2) AS i
WHERE i <> 30;

-- WordPress sync every 30 minutes for two days; the latest finished run failed (1 consecutive
-- failure, below the alert's 3), one is running now.
INSERT INTO wp_sync_runs (started_at, finished_at, status, items_synced, error_message)
SELECT now() - make_interval(mins => 30 * k),
       now() - make_interval(mins => 30 * k) + interval '40 seconds',
       CASE WHEN k IN (1, 17, 18, 40) THEN 'failed' ELSE 'success' END,
       CASE WHEN k IN (1, 17, 18, 40) THEN NULL ELSE k % 7 END,
       CASE WHEN k IN (1, 17, 18, 40) THEN 'WordPress REST API: 502 Bad Gateway' END
FROM generate_series(1, 96) AS k;
INSERT INTO wp_sync_runs (started_at) VALUES (now() - interval '10 seconds');

COMMIT;
