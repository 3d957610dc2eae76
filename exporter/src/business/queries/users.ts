/**
 * Overview: accounts, DAU/MAU and sessions. "Today" is the organisation's day: queries run with the
 * session TimeZone set (METRICS_TIME_ZONE), so `current_date` starts at local midnight.
 */
import { type BusinessQuery, gauge, query } from '../query';

// Deactivated accounts (is_active false) are not users any more; every count excludes them.
const USERS_SQL = `
SELECT count(*) AS total,
       count(*) FILTER (WHERE created_at >= current_date) AS new_today,
       count(*) FILTER (WHERE last_active_at >= current_date) AS active_today,
       count(*) FILTER (WHERE last_active_at >= now() - interval '30 days') AS active_30d
FROM users
WHERE is_active`;

const SESSIONS_SQL = `
SELECT count(*) AS active
FROM sessions
WHERE revoked_at IS NULL AND expires_at > now()`;

export const usersQueries: BusinessQuery[] = [
  query('users', USERS_SQL, [
    gauge('clicky_users', 'total', 'Active user accounts.'),
    gauge('clicky_users_new_today', 'new_today', 'Active user accounts created today.'),
    gauge('clicky_users_active_today', 'active_today', 'Users active today (DAU).'),
    gauge('clicky_users_active_30d', 'active_30d', 'Users active in the last 30 days (MAU).'),
  ]),
  query('sessions', SESSIONS_SQL, [
    gauge('clicky_sessions_active', 'active', 'Login sessions neither revoked nor expired.'),
  ]),
];
