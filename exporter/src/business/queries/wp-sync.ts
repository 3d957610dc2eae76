/**
 * WordPress sync health, read from the sync task's own run log (wp_sync_runs). The alert rules
 * (alerting/rules/jobs.ts: WpSyncFailed, WpSyncStale) use these two names; keep them.
 */
import { wpSync } from '../../../../alerting/rules/metrics';
import { type BusinessQuery, gauge, query } from '../query';

// Consecutive failures: failed runs started after the latest successful one (all of them if none
// succeeded); runs still in progress are neither. Last success: when the latest successful run
// finished, as Unix seconds; NULL before any success, so the series is absent and WpSyncStale's
// "missing" branch fires instead of a fake 1970.
const WP_SYNC_SQL = `
SELECT (SELECT count(*) FROM wp_sync_runs
         WHERE status = 'failed'
           AND started_at > coalesce((SELECT max(started_at) FROM wp_sync_runs WHERE status = 'success'),
                                     '-infinity')) AS consecutive_failures,
       (SELECT extract(epoch FROM max(finished_at)) FROM wp_sync_runs WHERE status = 'success')
         AS last_success_seconds`;

export const wpSyncQueries: BusinessQuery[] = [
  query('wp_sync', WP_SYNC_SQL, [
    gauge(
      wpSync.consecutiveFailures,
      'consecutive_failures',
      'WordPress sync runs failed since the last success.',
    ),
    gauge(
      wpSync.lastSuccess,
      'last_success_seconds',
      'When the last successful WordPress sync finished (Unix time).',
    ),
  ]),
];
