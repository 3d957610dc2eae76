/**
 * npm run bench:status
 *
 * The status page (/) and /status.json of the status service against node:http serving the same
 * bytes from memory (the limit), and again with Prometheus hung (every refresh waiting on a server
 * that never answers): req/s and p99 with autocannon, in alternating rounds of the same run.
 * Targets: >= 0.8x the limit's req/s, p99 < 20 ms, and the same with Prometheus hung.
 * The servers run in a child process (bench/support/status-servers.ts), the load here.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { load, percentile } from './support/scrape-load';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 10;
const PATHS = ['/', '/status.json'];
const TARGETS = ['limit', 'status', 'hung'] as const;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/status-servers.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ports = JSON.parse(
    await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
    }),
  ) as Record<(typeof TARGETS)[number], number>;
  let failed = false;
  try {
    for (const path of PATHS) {
      const url = (target: (typeof TARGETS)[number]) => `http://127.0.0.1:${ports[target]}${path}`;
      for (const target of TARGETS)
        await load({ url: url(target), headers: {}, connections: CONNECTIONS, seconds: 1 });
      const rps = new Map(TARGETS.map((t) => [t, [] as number[]]));
      const p99 = new Map(TARGETS.map((t) => [t, [] as number[]]));
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [...TARGETS] : [...TARGETS].reverse();
        for (const target of order) {
          const result = await load({
            url: url(target),
            headers: {},
            connections: CONNECTIONS,
            seconds: SECONDS,
          });
          rps.get(target)?.push(result.perSecond);
          p99.get(target)?.push(percentile(result.latencies, 0.99));
        }
      }
      const limit = rps.get('limit') as number[];
      const ratio = (t: (typeof TARGETS)[number]) =>
        median((rps.get(t) as number[]).map((v, i) => v / (limit[i] ?? Number.NaN)));
      console.log(`${path}`);
      for (const target of TARGETS) {
        const line = `  ${target.padEnd(7)} ${median(rps.get(target) as number[])
          .toFixed(0)
          .padStart(7)} req/s   p99 ${median(p99.get(target) as number[]).toFixed(2)} ms`;
        console.log(target === 'limit' ? line : `${line}   ${ratio(target).toFixed(3)}x the limit`);
      }
      for (const target of ['status', 'hung'] as const) {
        const ok = ratio(target) >= 0.8 && median(p99.get(target) as number[]) < 20;
        if (!ok) failed = true;
        console.log(`  ${target}: ${ok ? 'meets' : 'MISSES'} the target (>= 0.8x the limit, p99 < 20 ms)`);
      }
    }
  } finally {
    child.stdin?.end();
    child.kill();
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
