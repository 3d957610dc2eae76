/**
 * npm run bench:health
 *
 * 1. `/health` throughput of the exporter against a bare Express app serving the same JSON,
 *    measured with autocannon in alternating rounds in the same run. Target: >= 0.9x. Also shown:
 *    the exporter's /health through Express, as a request the probe fast path leaves to it.
 * 2. `/health/ready` latency against the slowest single check (`/health/db`, `/health/redis`,
 *    `/health/minio`), sequential requests on one keep-alive connection. Target: p50 and p99 of
 *    ready <= the slowest check's + 5 ms (the checks run in parallel, so ready costs the slowest).
 *
 * The servers run in a child process so the load generator does not share their event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { exitOnHelp } from '../lib/cli/help';

exitOnHelp({
  usage: 'npm run bench:health',
  summary:
    "The exporter's /health throughput against a bare Express app (target >= 0.9x), and /health/ready " +
    'latency against its slowest check (target <= +5 ms), measured side by side in the same run.',
  environment: [
    ['BENCH_ROUNDS', 'alternating rounds per side (default 8)'],
    ['BENCH_SECONDS', 'seconds per round (default 3)'],
    ['BENCH_SAMPLES', 'latency samples per endpoint (default 1000)'],
  ],
});

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 50;
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1000);

async function startServers(): Promise<{ child: ChildProcess; ports: { exporter: number; bare: number } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/health-servers.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  return { child, ports: JSON.parse(firstLine) };
}

async function requestsPerSecond(url: string): Promise<number> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx || result.errors)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** Latencies (ms) of sequential GETs on one keep-alive connection, sorted. */
async function latencies(url: string, samples: number): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  for (let i = 0; i < 50; i++) await get(); // warm-up: connections, pools, JIT
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await get();
    times.push(performance.now() - started);
  }
  agent.destroy();
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const { child, ports } = await startServers();
  try {
    // A query string takes the exporter's /health through Express instead of the probe fast path
    // (lib/http/probe-fast-path.ts): the path a DEBUG logger or any unusual request takes.
    const targets = {
      exporter: `http://127.0.0.1:${ports.exporter}/health`,
      'exporter via Express': `http://127.0.0.1:${ports.exporter}/health?via=express`,
      'bare express': `http://127.0.0.1:${ports.bare}/health`,
    };
    const rps = new Map<string, number[]>(Object.keys(targets).map((label) => [label, []]));
    for (const url of Object.values(targets)) await requestsPerSecond(url); // warm-up
    // Forward then reverse order: no target always runs first, after the others warmed or heated the machine.
    for (let round = 0; round < ROUNDS; round++) {
      const order = Object.entries(targets);
      for (const [label, url] of round % 2 === 0 ? order : order.reverse())
        rps.get(label)?.push(await requestsPerSecond(url));
    }
    // Paired: each round's runs share the machine's state of the moment, so the ratio is taken per
    // round and the median of those is reported.
    const bare = rps.get('bare express') as number[];
    const ratio = (label: string) =>
      median((rps.get(label) as number[]).map((value, round) => value / (bare[round] ?? NaN)));
    console.log(
      `/health req/s   ${[...rps].map(([label, values]) => `${label} ${median(values).toFixed(0)}`).join('   ')}`,
    );
    console.log(
      `/health ratio   ${ratio('exporter').toFixed(3)}x bare express, median of per-round ratios (target >= 0.9x)`,
    );
    console.log(
      `                (through Express, without the fast path: ${ratio('exporter via Express').toFixed(3)}x)`,
    );

    const base = `http://127.0.0.1:${ports.exporter}/health`;
    const checks: Record<string, number[]> = {};
    for (const name of ['db', 'redis', 'minio'])
      checks[name] = await latencies(`${base}/${name}`, LATENCY_SAMPLES);
    const ready = await latencies(`${base}/ready`, LATENCY_SAMPLES);
    for (const [name, times] of Object.entries(checks)) {
      console.log(
        `/health/${name.padEnd(6)} p50 ${percentile(times, 0.5).toFixed(2)} ms   p99 ${percentile(times, 0.99).toFixed(2)} ms`,
      );
    }
    console.log(
      `/health/ready  p50 ${percentile(ready, 0.5).toFixed(2)} ms   p99 ${percentile(ready, 0.99).toFixed(2)} ms`,
    );
    for (const [label, p] of [
      ['p50', 0.5],
      ['p99', 0.99],
    ] as const) {
      const slowest = Math.max(...Object.values(checks).map((times) => percentile(times, p)));
      const overhead = percentile(ready, p) - slowest;
      console.log(
        `/health/ready ${label} - slowest check ${label} = ${overhead.toFixed(2)} ms (target <= 5 ms)`,
      );
    }
  } finally {
    child.stdin?.end();
    child.kill();
  }
}

void main();
