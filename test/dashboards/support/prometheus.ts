/**
 * A real Prometheus (Debian's /usr/bin/prometheus) on a free port, scraping given targets every second
 * into a temporary TSDB; stop() kills it and removes the directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { freePort } from '../../support/ports';

export interface ScrapeJob {
  job: string;
  target: string;
  /** Target labels, e.g. { env: 'test' }: what the production scrape configs attach. */
  labels: Record<string, string>;
}

export interface RunningPrometheus {
  /** An instant query's result vector (or scalar as one sample); throws on an API error. */
  query(expr: string): Promise<unknown[]>;
  log(): string;
  stop(): Promise<void>;
}

// A Prometheus still running when the test process exits (a suite failed early) dies with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startPrometheus(
  jobs: ScrapeJob[],
  binary = '/usr/bin/prometheus',
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'dashboards-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    scrape_configs: jobs.map(({ job, target, labels }) => ({
      job_name: job,
      static_configs: [{ targets: [target], labels }],
    })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit').then(() => running.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  while (
    !(await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready:\n${log}`);
    }
    await sleep(50);
  }

  return {
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as {
        status: string;
        error?: string;
        data: { resultType: string; result: unknown };
      };
      if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
      const { resultType, result } = body.data;
      return resultType === 'scalar' ? [result] : (result as unknown[]);
    },
    log: () => log,
    stop,
  };
}
