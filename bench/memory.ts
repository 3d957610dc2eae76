/**
 * npm run bench:memory
 *
 * The exporter's resident memory under load: the exporter as production runs it (`npm run build`,
 * then `node dist/exporter/src/main.js`, INFO logs, over a demo database and the local Redis;
 * tsx alone would add some 40 MB that production never carries) taking 1,000 requests a second for
 * BENCH_SECONDS (default 60) — scrapes of /metrics, /health/ready and /metrics/summary, a third each —
 * while its RSS is sampled from /proc every 250 ms. Prints the RSS before, the peak (the kernel's
 * VmHWM) and the end. Target: peak under 150 MB (issue 11 measured 196 MB).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { freePort } from '../stack/free-port';
import { createBenchDatabase, DEFAULT_ADMIN_URL } from './support/bench-database';
import { cpuSeconds } from './support/cpu-time';

/** Extra node flags for the exporter, e.g. BENCH_NODE_FLAGS="--max-semi-space-size=2" to try one. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const TARGET_MB = 150;
const PATHS = (process.env.BENCH_PATHS ?? '/metrics,/health/ready,/metrics/summary').split(',');
const ROOT = join(__dirname, '..');

const mb = (kb: number) => (kb / 1024).toFixed(1);

/** VmRSS and VmHWM (peak) of a process, in kB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** The compiled exporter on a free port; resolves once it listens and its business figures are in. */
async function startExporter(databaseUrl: string): Promise<ChildProcess & { port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, 'dist', 'exporter', 'src', 'main.js')], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      APP_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
    },
    // Lines are read until it listens, then drained: a full pipe would stall its logger.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.includes('"Exporter listening"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the exporter exited with ${code}`)));
  });
  for (let i = 0; i < 200; i++) {
    const summary = (await (await fetch(`http://127.0.0.1:${port}/metrics/summary`)).json()) as {
      users: { total: number | null };
    };
    if (summary.users.total !== null) break;
    await sleep(100);
  }
  return Object.assign(child, { port });
}

/** The V8 heap spaces and external memory, from the exporter's /metrics (prom-client's defaults). */
async function heapBreakdown(port: number): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) / 1048576 : Number.NaN;
  };
  const spaces = ['new', 'old', 'code', 'large_object'].map(
    (space) =>
      `${space} ${value(`nodejs_heap_space_size_used_bytes{space="${space}"}`).toFixed(1)}/${value(`nodejs_heap_space_size_total_bytes{space="${space}"}`).toFixed(1)}`,
  );
  return `heap total ${value('nodejs_heap_size_total_bytes').toFixed(1)} MB (${spaces.join(', ')}), external ${value('nodejs_external_memory_bytes').toFixed(1)} MB`;
}

async function main(): Promise<void> {
  console.log('building (npm run build)...');
  if (!process.env.BENCH_SKIP_BUILD)
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const database = await createBenchDatabase(
    process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL,
    'bench_memory',
  );
  const client = new Client({ connectionString: database.url });
  await client.connect();
  for (const file of ['schema.sql', 'demo-data.sql'])
    await client.query(readFileSync(join(ROOT, 'exporter', 'sql', file), 'utf8'));
  await client.end();
  const exporter = await startExporter(database.url);
  const pid = exporter.pid as number;
  try {
    const before = memoryOf(pid);
    console.log(`exporter RSS before load: ${mb(before.rss)} MB`);
    console.log(`load: ${RATE} req/s for ${SECONDS} s over ${PATHS.join(', ')}`);
    let highest = before.rss;
    const cpuBefore = cpuSeconds(pid);
    const sampler = setInterval(() => {
      highest = Math.max(highest, memoryOf(pid).rss);
    }, 250);
    const runs = PATHS.map((path) =>
      autocannon({
        url: `http://127.0.0.1:${exporter.port}${path}`,
        connections: 10,
        overallRate: Math.round(RATE / PATHS.length),
        duration: SECONDS,
      }),
    );
    const results = await Promise.all(runs);
    clearInterval(sampler);
    const after = memoryOf(pid);
    const cpu = cpuSeconds(pid) - cpuBefore;
    const sent = results.reduce((sum, r) => sum + r.requests.total, 0);
    const failed = results.reduce((sum, r) => sum + r.errors + r.timeouts, 0);
    // /health/ready answers 503 here (no MinIO configured): an answer all the same.
    console.log(`requests: ${sent} (${(sent / SECONDS).toFixed(0)}/s), errors or timeouts: ${failed}`);
    console.log(`exporter CPU: ${((cpu * 1000) / sent).toFixed(3)} ms per request`);
    console.log(`exporter RSS: peak ${mb(Math.max(highest, after.peak))} MB, at the end ${mb(after.rss)} MB`);
    console.log(`where it is, by the exporter's own gauges: ${await heapBreakdown(exporter.port)}`);
    const peakMb = Math.max(highest, after.peak) / 1024;
    console.log(
      peakMb < TARGET_MB
        ? `OK: peak under the ${TARGET_MB} MB target`
        : `ABOVE TARGET: peak ${peakMb.toFixed(1)} MB, target ${TARGET_MB} MB`,
    );
  } finally {
    exporter.kill('SIGKILL');
    await database.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
