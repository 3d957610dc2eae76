/** Bookings: by status, today's, and the completion ratio of the last 30 days. */
import { type BusinessQuery, gauge, query } from '../query';

// Every known status gets a series, 0 included, so `clicky_bookings{status="pending"}` exists
// from the first run. `::text` lets the same SQL work where status is a PostgreSQL enum.
const BY_STATUS_SQL = `
SELECT s.status, count(b.id) AS bookings
FROM (VALUES ('pending'), ('confirmed'), ('completed'), ('cancelled')) AS s (status)
LEFT JOIN bookings b ON b.status::text = s.status
GROUP BY s.status`;

// Scheduled today: bookings for today that are not cancelled. Completion ratio: of the bookings
// dated in the last 30 days (today included) that reached a final state, the share completed;
// NULL (no sample) when there is none, rather than a made-up 0 or 1.
const DAILY_SQL = `
SELECT count(*) FILTER (WHERE date = current_date AND status <> 'cancelled') AS scheduled_today,
       count(*) FILTER (WHERE created_at >= current_date) AS created_today,
       count(*) FILTER (WHERE recent AND status = 'completed')::float8
         / nullif(count(*) FILTER (WHERE recent AND status IN ('completed', 'cancelled')), 0)
         AS completion_ratio
FROM (SELECT date, status, created_at, date BETWEEN current_date - 29 AND current_date AS recent
      FROM bookings) AS b
WHERE recent OR created_at >= current_date`;

export const bookingsQueries: BusinessQuery[] = [
  query('bookings_by_status', BY_STATUS_SQL, [
    gauge('clicky_bookings', 'bookings', 'Bookings by status, all time.', ['status']),
  ]),
  query('bookings_daily', DAILY_SQL, [
    gauge('clicky_bookings_scheduled_today', 'scheduled_today', 'Bookings (not cancelled) for today.'),
    gauge('clicky_bookings_created_today', 'created_today', 'Bookings made today.'),
    gauge(
      'clicky_bookings_completion_ratio',
      'completion_ratio',
      'Completed / (completed + cancelled) bookings dated in the last 30 days, today included.',
    ),
  ]),
];
