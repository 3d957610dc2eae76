/**
 * The local stack end to end: real Prometheus, Alertmanager, Pushgateway and blackbox_exporter (Debian
 * packages) and the exporter, started and stopped by startStack.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jobs } from '../../alerting/rules/metrics';
import { MissingBinaryError } from '../../stack/binaries';
import { stackEnv } from '../../stack/services';
import { type Stack, startStack } from '../../stack/stack';
import type { UptimeMonitor } from '../../uptime/monitors';

jest.setTimeout(90_000);

/** Pids of every live process whose parent chain leads to `ancestor`, from /proc. */
function descendants(ancestor: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(entry), ppid);
    } catch {
      // exited while listing
    }
  }
  return [...parent.keys()].filter((pid) => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === ancestor) return true;
    return false;
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function query<T>(stack: Stack, path: string): Promise<T> {
  const response = await fetch(`${stack.urls.prometheus}${path}`);
  const body = (await response.json()) as { status: string; data: T };
  if (body.status !== 'success') throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.data;
}

/** An instant vector, or an error carrying the scrape error of the query's job (for the failure message). */
async function instant(stack: Stack, promql: string, job: string): Promise<Sample[]> {
  const data = await query<{ result: Sample[] }>(stack, `/api/v1/query?query=${encodeURIComponent(promql)}`);
  if (data.result.length > 0) return data.result;
  const { activeTargets } = await query<{
    activeTargets: { labels: Record<string, string>; lastError: string }[];
  }>(stack, '/api/v1/targets');
  const errors = activeTargets
    .filter((t) => t.labels.job === job)
    .map((t) => t.lastError || 'not scraped yet');
  throw new Error(`no ${promql} (${job}: ${errors.join(', ') || 'no target'})`);
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  for (;;) {
    const value = await probe().catch((err: Error) => {
      last = err.message;
      return undefined;
    });
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await sleep(250);
  }
}

/** An HTTP server answering 200, recording who asks. */
async function startSite() {
  const userAgents: string[] = [];
  const server = createServer((req, res) => {
    userAgents.push(req.headers['user-agent'] ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`,
    userAgents,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const localMonitor = (url: string): UptimeMonitor => ({
  name: 'local-probe',
  friendlyName: 'Local',
  url,
  intervalSeconds: 300,
  alertChannels: ['email'],
  service: 'local',
});

describe('startStack', () => {
  let stack: Stack;
  let before: number[];
  // The probes check a local server, so the blackbox job needs no Internet.
  let site: { url: string; userAgents: string[]; close(): Promise<void> };

  beforeAll(async () => {
    before = descendants(process.pid);
    site = await startSite();
    stack = await startStack({
      env: { APP_ENV: 'development' },
      relay: false,
      scrapeInterval: '1s',
      monitors: [localMonitor(site.url)],
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await site?.close();
  });

  it('starts every service and reports its URL', () => {
    expect(Object.keys(stack.urls).sort()).toEqual([
      'alertmanager',
      'blackbox',
      'exporter',
      'prometheus',
      'pushgateway',
    ]);
    for (const p of stack.processes()) expect(alive(p.pid)).toBe(true);
  });

  it('has Prometheus scrape the exporter, labelled with the environment: up{job="clicky-exporter", env="development"} == 1', async () => {
    expect(stack.env).toBe('development');
    const promql = `up{job="${jobs.exporter}", env="development"} == 1`;
    const up = await eventually(promql, () => instant(stack, promql, jobs.exporter));
    expect(up).toHaveLength(1);
  });

  it('labels every target env="development": the dashboards\' env variable (label_values(up, env)) offers it', async () => {
    const targets = await eventually('the active targets', async () => {
      const { activeTargets } = await query<{ activeTargets: { labels: Record<string, string> }[] }>(
        stack,
        '/api/v1/targets',
      );
      return activeTargets.length > 0 ? activeTargets : undefined;
    });
    expect(targets.map((t) => [t.labels.job, t.labels.env])).toEqual(
      targets.map((t) => [t.labels.job, 'development']),
    );
    const values = await query<string[]>(stack, `/api/v1/label/env/values?match[]=up`);
    expect(values).toEqual(['development']);
  });

  it('adds env to series pushed to Pushgateway without one, and keeps the env a series was pushed with', async () => {
    const push = async (path: string) => {
      const response = await fetch(`${stack.urls.pushgateway}/metrics/job/${path}`, {
        method: 'PUT',
        body: 'clicky_stack_test_pushed 1\n',
      });
      expect(response.status).toBe(200);
    };
    await push('stack-test-plain');
    await push('stack-test-labelled/env/elsewhere');
    const series = await eventually('both pushed series', async () => {
      const result = await instant(stack, 'clicky_stack_test_pushed', 'pushgateway');
      return result.length === 2 ? result : undefined;
    });
    expect(series.map((s) => [s.metric.job, s.metric.env]).sort()).toEqual([
      ['stack-test-labelled', 'elsewhere'],
      ['stack-test-plain', 'development'],
    ]);
  });

  it("presents the exporter's METRICS_TOKEN: without it /metrics is refused", async () => {
    expect((await fetch(`${stack.urls.exporter}/metrics`)).status).toBe(401);
  });

  it('loads the generated rule file (ServiceDown among the rules)', async () => {
    const data = await query<{ groups: { file: string; rules: { name: string }[] }[] }>(
      stack,
      '/api/v1/rules',
    );
    const names = data.groups.flatMap((g) => g.rules.map((r) => r.name));
    expect(names).toContain('ServiceDown');
    expect(data.groups[0]?.file).toMatch(/rules\/clicky\.rules\.yml$/);
  });

  it('sends alerts to the ready Alertmanager', async () => {
    expect((await fetch(`${stack.urls.alertmanager}/-/ready`)).status).toBe(200);
    const data = await query<{ activeAlertmanagers: { url: string }[] }>(stack, '/api/v1/alertmanagers');
    expect(data.activeAlertmanagers.map((a) => a.url)).toEqual([`${stack.urls.alertmanager}/api/v2/alerts`]);
  });

  it('probes each monitor through blackbox_exporter, labelled with monitor and instance = URL', async () => {
    const series = await eventually('probe_success', async () => {
      return instant(stack, `probe_success{job="${jobs.blackbox}"}`, jobs.blackbox);
    });
    expect(series.map((s) => s.metric)).toEqual([
      {
        __name__: 'probe_success',
        job: jobs.blackbox,
        monitor: 'local-probe',
        instance: site.url,
        env: 'development',
      },
    ]);
    expect(site.userAgents[0]).toMatch(/^Blackbox Exporter/);
  });

  it("stops one service and starts it again on the same port, keeping Pushgateway's pushes in the stack's own file", async () => {
    const url = stack.urls.pushgateway as string;
    const pushed = await fetch(`${url}/metrics/job/stack-test-kept`, {
      method: 'PUT',
      body: 'clicky_stack_test_kept 1\n',
    });
    expect(pushed.status).toBe(200);
    await stack.stopService('pushgateway');
    await expect(fetch(`${url}/-/ready`)).rejects.toThrow();
    expect(stack.processes().map((p) => p.name)).not.toContain('pushgateway');
    expect(existsSync(join(stack.dir, 'pushgateway.data'))).toBe(true);
    await stack.startService('pushgateway');
    expect(stack.processes().map((p) => p.name)).toContain('pushgateway');
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(
      /^clicky_stack_test_kept\{.*job="stack-test-kept".*\} 1$/m,
    );
  });

  it('stops every child and removes its directory', async () => {
    const children = descendants(process.pid).filter((pid) => !before.includes(pid));
    expect(children.length).toBeGreaterThanOrEqual(stack.processes().length);
    await stack.stop();
    expect(children.filter(alive)).toEqual([]);
    expect(existsSync(stack.dir)).toBe(false);
  });
});

it('labels the stack with its APP_ENV, development unless set, and refuses one that is no environment', async () => {
  expect(stackEnv({})).toBe('development');
  expect(stackEnv({ APP_ENV: '' })).toBe('development');
  expect(stackEnv({ APP_ENV: 'staging' })).toBe('staging');
  await expect(startStack({ env: { APP_ENV: 'prod' }, relay: false })).rejects.toThrow(
    'APP_ENV must be one of development, staging, production, not "prod"',
  );
});

it('names the Debian package of a missing binary, and starts nothing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'empty-path-'));
  try {
    const attempt = startStack({ path: empty, relay: false });
    await expect(attempt).rejects.toBeInstanceOf(MissingBinaryError);
    await expect(attempt).rejects.toThrow(
      /install the Debian packages \(sudo apt-get install prometheus prometheus-alertmanager prometheus-pushgateway prometheus-blackbox-exporter\)/,
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
