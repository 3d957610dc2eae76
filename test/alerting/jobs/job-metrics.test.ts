import { jobRunExposition } from '../../../alerting/jobs/job-metrics';
import { promtoolCheckMetrics } from '../../support/metrics';

describe('jobRunExposition', () => {
  it('reports a success with its timestamp, exit code, last success and duration', () => {
    const text = jobRunExposition({ exitCode: 0, finishedAt: 1771400000.5, durationSeconds: 12.25 });
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'clicky_job_last_run_timestamp_seconds 1771400000.5',
      'clicky_job_last_exit_code{run="2026-02-18T07:33:20.500Z"} 0',
      'clicky_job_last_success_timestamp_seconds 1771400000.5',
      'clicky_job_duration_seconds 12.25',
      '',
    ]);
    const check = promtoolCheckMetrics(text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);
  });

  it('leaves the last success timestamp out of a failure, so the Pushgateway keeps the previous one', () => {
    const text = jobRunExposition({ exitCode: 3, finishedAt: 1771400000 });
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'clicky_job_last_run_timestamp_seconds 1771400000',
      'clicky_job_last_exit_code{run="2026-02-18T07:33:20.000Z"} 3',
      '',
    ]);
    expect(promtoolCheckMetrics(text).status).toBe(0);
  });

  it('names each run on its exit code, so that two runs are two series (and two alerts)', () => {
    const first = jobRunExposition({ exitCode: 1, finishedAt: 1771400000 });
    const second = jobRunExposition({ exitCode: 1, finishedAt: 1771400000.001 });
    const exitLine = (text: string) =>
      text.split('\n').find((l) => l.startsWith('clicky_job_last_exit_code'));
    expect(exitLine(first)).not.toBe(exitLine(second));
  });
});
