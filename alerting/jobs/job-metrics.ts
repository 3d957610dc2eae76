/**
 * The Prometheus text that report-job pushes for one run (the batch job contract of
 * alerting/rules/metrics.ts). Pure.
 *
 * It is POSTed, and a Pushgateway POST replaces only the metrics named in the body, so what is left
 * out keeps its previous value: a failed run leaves out the last success timestamp (BackupStale keeps
 * counting from the last good backup), and a run of unknown duration leaves out the duration.
 * The `job` and `instance` labels come from the push URL (the grouping key), not from the body.
 *
 * The exit code carries a `run` label, when the run ended: a POST replaces every series of the metric
 * in the group, so only the latest run's is kept, and each run's result is a series of its own. Its
 * alert (DeploymentFailed, BackupFailed: cooldown "none") is then a new alert for each failed run, which
 * Alertmanager and the relay send once, however close the runs and whatever the repeat interval.
 */
import { batchJob } from '../rules/metrics';

export interface JobRun {
  exitCode: number;
  /** When the run ended, in seconds since the epoch. */
  finishedAt: number;
  durationSeconds?: number;
}

const HELP: Record<string, string> = {
  [batchJob.lastRun]: 'When the last run of the job ended (any outcome), in seconds since the epoch.',
  [batchJob.lastSuccess]:
    'When the last successful run (exit code 0) of the job ended, in seconds since the epoch.',
  [batchJob.lastExitCode]: 'Exit code of the last run of the job; 0 is success.',
  [batchJob.duration]: 'Duration of the last run of the job that reported one, in seconds.',
};

function gauge(name: string, value: number, labels = ''): string {
  return `# HELP ${name} ${HELP[name]}\n# TYPE ${name} gauge\n${name}${labels} ${value}\n`;
}

/** The run's name: when it ended, ISO 8601 in UTC to the millisecond. */
export const runName = (finishedAt: number): string => new Date(Math.round(finishedAt * 1000)).toISOString();

export function jobRunExposition(run: JobRun): string {
  const runLabel = `{${batchJob.runLabel}="${runName(run.finishedAt)}"}`;
  const lines = [
    gauge(batchJob.lastRun, run.finishedAt),
    gauge(batchJob.lastExitCode, run.exitCode, runLabel),
  ];
  if (run.exitCode === 0) lines.push(gauge(batchJob.lastSuccess, run.finishedAt));
  if (run.durationSeconds !== undefined) lines.push(gauge(batchJob.duration, run.durationSeconds));
  return lines.join('');
}
