import { batchJob, jobs as scrapeJobs, wpSync } from './metrics';
import { selector, staleOrMissing } from './promql';
import { thresholds } from './thresholds';
import type { AlertDefinition, Duration, RuleGroup } from './types';

/**
 * A batch job (report-job -> Pushgateway) whose last run exited non-zero. The exit code is labelled with
 * its `run`, so each failed run is an alert of its own: a second failure in a row is news (cooldown
 * "none": once per run), and the previous run's alert resolves as the later run is reported.
 */
const jobFailed = (alert: string, job: string, what: string): AlertDefinition => ({
  alert,
  expr: `${selector(batchJob.lastExitCode, { job })} != 0`,
  for: '0s',
  severity: 'error',
  cooldown: 'none',
  summary: `The last ${what} failed`,
  description:
    `The ${what} that ended at {{ $labels.${batchJob.runLabel} }} (job {{ $labels.job }}) exited with code {{ $value }}; ` +
    'this resolves when a later run is reported (a later failure alerts anew).',
});

/** Failure alerts see failed runs only; this one sees runs that stopped happening, or results that were lost. */
const stale = (
  alert: string,
  timestamp: string,
  job: string,
  maxAge: Duration,
  what: string,
  rest: Pick<AlertDefinition, 'severity' | 'cooldown'>,
): AlertDefinition => ({
  alert,
  expr: staleOrMissing(timestamp, maxAge, { job }),
  for: thresholds.staleFor,
  ...rest,
  summary: `No successful ${what} for ${maxAge}`,
  description:
    `The last successful ${what} is more than ${maxAge} old, or Prometheus has no record of one ` +
    `(${timestamp} is missing).`,
});

const wpSyncSelector = (metric: string) => selector(metric, { job: scrapeJobs.exporter });

export const jobs: RuleGroup = {
  name: 'clicky-jobs',
  rules: [
    jobFailed('DeploymentFailed', scrapeJobs.deploy, 'deployment'),
    jobFailed('BackupFailed', scrapeJobs.backup, 'backup'),
    // Extra row: a backup that never ran reports no failure.
    stale(
      'BackupStale',
      selector(batchJob.lastSuccess, { job: scrapeJobs.backup }),
      scrapeJobs.backup,
      thresholds.backup.maxAge,
      'backup',
      { severity: 'error', cooldown: '1d' },
    ),
    {
      alert: 'WpSyncFailed',
      expr: `${wpSyncSelector(wpSync.consecutiveFailures)} >= ${thresholds.wpSync.consecutiveFailures}`,
      for: '0s',
      severity: 'warning',
      cooldown: '1h',
      summary: 'The WordPress sync keeps failing',
      description: 'The WordPress sync has failed {{ $value }} times in a row.',
    },
    // Extra row: a sync that stopped running counts no failures.
    stale(
      'WpSyncStale',
      wpSyncSelector(wpSync.lastSuccess),
      scrapeJobs.exporter,
      thresholds.wpSync.maxAge,
      'WordPress sync',
      {
        severity: 'warning',
        cooldown: '1h',
      },
    ),
  ],
};
