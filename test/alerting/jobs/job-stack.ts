/**
 * What the report-job tests run against: the bin compiled as `npm run build` would, a real
 * Pushgateway, and a real Prometheus scraping it (honor_labels, every second) and evaluating the
 * generated rule file every second.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RULE_FILE } from '../../../alerting/generate-rules';
import { type Compiled, compile } from '../../support/compile';
import { type ActiveAlert, startPrometheus, type TestPrometheus } from '../../support/prometheus-server';
import { startPushgateway, type TestPushgateway } from '../../support/pushgateway';
import { type ProcessResult, type StartedProcess, startProcess } from '../../support/run-process';

export const ENTRY = 'alerting/jobs/report-job.ts';

export interface JobStack {
  bin: string;
  pg: TestPushgateway;
  prom: TestPrometheus;
  /** Runs the compiled bin with PUSHGATEWAY_URL set to the test Pushgateway. */
  startReportJob(args: string[], env?: Record<string, string>): StartedProcess;
  reportJob(args: string[], env?: Record<string, string>): Promise<ProcessResult>;
  /** The job's sample of `metric` on the Pushgateway. */
  pushed(metric: string, job: string): Promise<number | undefined>;
  /** Waits until Prometheus has scraped `expected` as the job's only sample of `metric`. */
  scraped(metric: string, job: string, expected: number): Promise<void>;
  /** The alert named `name` (in `state`) as Prometheus has it, once it has it. */
  alert(name: string, state: ActiveAlert['state']): Promise<ActiveAlert>;
  /** Waits until Prometheus has no alert named `name`. */
  resolved(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startJobStack(): Promise<JobStack> {
  const compiled: Compiled = compile([ENTRY]);
  const bin = compiled.output(ENTRY);
  const pg = await startPushgateway();
  const prom = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [RULE_FILE],
      scrape_configs: [
        { job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [pg.target] }] },
      ],
    },
  });

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; prometheus: ${prom.log().slice(-2000)}`);
      await sleep(200);
    }
  }
  const findAlert = async (name: string, state?: ActiveAlert['state']) =>
    (await prom.alerts()).find((a) => a.labels.alertname === name && (!state || a.state === state));
  const startReportJob = (args: string[], env: Record<string, string> = {}) =>
    startProcess(process.execPath, [bin, ...args], { PUSHGATEWAY_URL: pg.url, ...env });

  return {
    bin,
    pg,
    prom,
    startReportJob,
    reportJob: (args, env) => startReportJob(args, env).result,
    async pushed(metric, job) {
      const line = (await pg.samples(`${metric}{`)).find((l) => l.includes(`job="${job}"`));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    },
    async scraped(metric, job, expected) {
      await eventually(`${metric}{job="${job}"} = ${expected} in Prometheus`, async () => {
        const samples = await prom.query(`${metric}{job="${job}"}`);
        return samples.length === 1 && samples[0]?.value === expected ? true : undefined;
      });
    },
    alert: (name, state) => eventually(`${name} ${state}`, () => findAlert(name, state)),
    async resolved(name) {
      await eventually(`${name} resolved`, async () => ((await findAlert(name)) ? undefined : true));
    },
    async stop() {
      await Promise.all([prom.stop(), pg.stop()]);
      compiled.remove();
    },
  };
}
