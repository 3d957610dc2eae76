/**
 * npm run bench:metrics
 *
 * `/metrics` of the exporter against prometheus-postgres-exporter running the same business SQL,
 * side by side in the same run, on a PostgreSQL database loaded with a realistic volume:
 *
 * - scrapes/s and p50/p99 latency at 10 concurrent scrapers (autocannon, alternating rounds);
 * - database transactions per scrape: the delta of xact_commit + xact_rollback of the bench
 *   database in pg_stat_database over a round, divided by the scrapes of the round; the sessions
 *   on the database are ended at both ends of a round, as only a backend's exit is sure to report
 *   all it ran (see BenchDatabase.flushSessions).
 *
 * Targets: >= 3x its scrapes/s, p99 <= 0.5x its p99, 0 transactions per scrape.
 *
 * The peer runs our built-in catalogue translated to its custom-queries YAML (generated here from
 * builtinQueries(), so the SQL is the same text), cached for our refresh interval (60 s). Both
 * servers run in their own processes; the load generator runs in this one.
 *
 * Environment: BENCH_SCALE (1: 200k bookings, 100k donations, 100k bids, 30k loans...; 0.1 for a
 * quick run), BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_VARIANTS (1: also the exporter answering
 * Prometheus text, the exporter rendering every scrape (METRICS_CACHE_MS=0) and postgres_exporter
 * with its default collectors; 0: the headline pair only),
 * BENCH_ADMIN_URL (a superuser on the maintenance database), BENCH_REDIS_URL (optional).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { builtinQueries } from '../exporter/src/business/catalogue';
import { DEFAULT_INTERVAL_MS } from '../exporter/src/business/query';
import { exitOnHelp } from '../lib/cli/help';
import { freePort } from '../test/support/ports';
import { type BenchDatabase, createBenchDatabase, DEFAULT_ADMIN_URL } from './support/bench-database';
import { cpuSeconds, ownCpuSeconds } from './support/cpu-time';
import { compareFigures } from './support/figures-check';
import { loadVolume, type Volume, volumeFor } from './support/metrics-volume';
import {
  DEFAULTS,
  MissingPeerError,
  namespaceOf,
  type PostgresExporterVariant,
  postgresExporterQueries,
  postgresExporterVersion,
  QUERIES_ONLY,
  startPostgresExporter,
} from './support/postgres-exporter';
import { load, PROMETHEUS_ACCEPT, percentile, scrapeOnce } from './support/scrape-load';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const VARIANTS = process.env.BENCH_VARIANTS !== '0';
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? DEFAULT_ADMIN_URL;
const CONNECTIONS = 10;
const WARMUP_SECONDS = 2;
/** Our refresh interval, hence the peer's cache_seconds. */
const REFRESH_SECONDS = DEFAULT_INTERVAL_MS / 1000;
/**
 * Scrapes before each timed round, counted in it: they reconnect what the previous round's
 * flushSessions() closed (postgres_exporter pays one failed ping, a 1 s retry and a cold cache).
 */
const RECONNECT_SCRAPES = 2;
const STARTUP_TIMEOUT_MS = 60_000;

// --- cleanup: children, temporary files and the database go, also on Ctrl-C, error or time-out ---

const cleanups: (() => Promise<unknown> | unknown)[] = [];
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        console.error(`bench:metrics: cleanup: ${err instanceof Error ? err.message : err}`);
      }
    }
  })();
  return cleaning;
}

function abort(reason: string, exitCode: number): void {
  console.error(`bench:metrics: ${reason}; cleaning up`);
  void cleanup().finally(() => process.exit(exitCode));
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(graceMs, false)])) return;
  child.kill('SIGKILL');
  await exited;
}

function track(child: ChildProcess): ChildProcess {
  cleanups.push(() => stopChild(child));
  // Should this process end without cleaning up (an uncaught error), the servers end with it.
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

// --- the two servers ---

interface Target {
  label: string;
  url: string;
  headers: Record<string, string>;
  /** The server's process, for its CPU time. */
  pid: number;
}

/** Our exporter in a child process; resolves once it listens with every business query run once. */
async function startExporter(databaseUrl: string, cacheMs?: number): Promise<{ port: number; pid: number }> {
  const child = track(
    spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support', 'metrics-server.ts')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BENCH_DATABASE_URL: databaseUrl,
        ...(process.env.BENCH_REDIS_URL ? { BENCH_REDIS_URL: process.env.BENCH_REDIS_URL } : {}),
        ...(cacheMs === undefined ? {} : { BENCH_METRICS_CACHE_MS: String(cacheMs) }),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the exporter exited with ${code}`)));
    setTimeout(() => reject(new Error('the exporter did not start')), STARTUP_TIMEOUT_MS).unref();
  });
  return { port: JSON.parse(firstLine).port, pid: child.pid as number };
}

/** The peer on a free port; resolves after its first scrape, which ran (and cached) every query. */
async function startPeer(database: BenchDatabase, queriesPath: string, variant: PostgresExporterVariant) {
  const port = await freePort();
  const dsn = new URL(database.url);
  dsn.protocol = 'postgresql:';
  dsn.searchParams.set('sslmode', 'disable');
  // Runtime parameters: "today" in the same zone as our queries, and a name in pg_stat_activity.
  dsn.searchParams.set('TimeZone', 'Asia/Jakarta');
  dsn.searchParams.set('application_name', 'postgres_exporter');
  const peer = startPostgresExporter({ dsn: dsn.toString(), port, queriesPath, variant });
  track(peer.child);
  const url = `http://127.0.0.1:${port}/metrics`;
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (peer.child.exitCode !== null) throw new Error(`postgres_exporter exited:\n${peer.log()}`);
    const body = await scrapeOnce(url, {}).then(
      (scrape) => (scrape.status === 200 ? scrape.body : ''),
      () => '',
    );
    if (builtinQueries().every((query) => body.includes(`${namespaceOf(query)}_`))) break;
    if (Date.now() > deadline) throw new Error(`postgres_exporter serves no custom query:\n${peer.log()}`);
    await sleep(200);
  }
  return { url, pid: peer.child.pid as number };
}

// --- measuring ---

interface Round {
  perSecond: number;
  p50: number;
  p99: number;
  scrapes: number;
  transactions: number;
  /** Share of one core used during the round. */
  cpu: { server: number; postgres: number; bench: number };
}

/**
 * One timed round. Its transactions are those reported between two flushSessions(), which end
 * every session on the bench database: only a backend's exit is sure to report all it ran.
 */
async function measure(target: Target, database: BenchDatabase): Promise<Round> {
  await database.flushSessions();
  const transactionsBefore = await database.transactions();
  for (let i = 0; i < RECONNECT_SCRAPES; i++) await scrapeOnce(target.url, target.headers);
  const backends = await database.backendPids();
  const cpuNow = () => ({
    server: cpuSeconds(target.pid),
    postgres: backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    bench: ownCpuSeconds(),
  });
  const cpuBefore = cpuNow();
  const started = performance.now();
  const result = await load({
    url: target.url,
    headers: target.headers,
    connections: CONNECTIONS,
    seconds: SECONDS,
  });
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow();
  await database.flushSessions();
  const transactions = (await database.transactions()) - transactionsBefore;
  const share = (key: keyof Round['cpu']) => (cpuAfter[key] - cpuBefore[key]) / elapsed;
  return {
    perSecond: result.perSecond,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    scrapes: result.sent + RECONNECT_SCRAPES,
    transactions,
    cpu: { server: share('server'), postgres: share('postgres'), bench: share('bench') },
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

interface Summary {
  perSecond: number;
  p50: number;
  p99: number;
  transactions: number;
  scrapes: number;
  transactionsPerScrape: number;
  cpu: Round['cpu'];
}

function summarize(rounds: readonly Round[]): Summary {
  const transactions = rounds.reduce((sum, round) => sum + round.transactions, 0);
  const scrapes = rounds.reduce((sum, round) => sum + round.scrapes, 0);
  return {
    perSecond: median(rounds.map((round) => round.perSecond)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    transactions,
    scrapes,
    transactionsPerScrape: transactions / scrapes,
    cpu: {
      server: median(rounds.map((round) => round.cpu.server)),
      postgres: median(rounds.map((round) => round.cpu.postgres)),
      bench: median(rounds.map((round) => round.cpu.bench)),
    },
  };
}

// --- printing ---

const ms = (value: number) => `${value.toFixed(2)} ms`;
const perScrape = (value: number) => (value < 0.01 ? value.toFixed(4) : value.toFixed(2));
const pct = (value: number) => `${(value * 100).toFixed(0)}%`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');

/** Other work on the machine skews both sides; say so next to the figures. */
function describeMachine(): string {
  const cores = availableParallelism();
  const load = loadavg()[0] ?? 0;
  const busy = load > cores * 0.75 ? ': BUSY, other processes compete for the CPU, figures are noisy' : '';
  return `${cores} cores, load average ${load.toFixed(1)}${busy}`;
}

function describeVolume(volume: Volume): string {
  return Object.entries(volume)
    .map(([table, rows]) => `${rows} ${table}`)
    .join(', ');
}

function printTable(targets: readonly Target[], summaries: ReadonlyMap<string, Summary>): void {
  const header = `${'target'.padEnd(36)}${'scrapes/s'.padStart(10)}${'p50'.padStart(11)}${'p99'.padStart(11)}`;
  console.log(`\n${header}${'tx/scrape'.padStart(11)}   CPU (of a core): server  postgres  bench`);
  for (const target of targets) {
    const s = summaries.get(target.label) as Summary;
    console.log(
      `${target.label.padEnd(36)}${s.perSecond.toFixed(0).padStart(10)}${ms(s.p50).padStart(11)}` +
        `${ms(s.p99).padStart(11)}${perScrape(s.transactionsPerScrape).padStart(11)}` +
        `${pct(s.cpu.server).padStart(27)}${pct(s.cpu.postgres).padStart(10)}${pct(s.cpu.bench).padStart(7)}`,
    );
  }
}

function printRatios(ours: Summary, peer: Summary, peerName: string): void {
  const throughput = ours.perSecond / peer.perSecond;
  const tail = ours.p99 / peer.p99;
  const tx = ours.transactionsPerScrape;
  console.log(
    `scrapes/s     exporter ${ours.perSecond.toFixed(0)}  ${peerName} ${peer.perSecond.toFixed(0)}  ` +
      `ratio ${throughput.toFixed(2)}x (target >= 3x)  ${verdict(throughput >= 3)}`,
  );
  console.log(
    `p99           exporter ${ms(ours.p99)}  ${peerName} ${ms(peer.p99)}  ` +
      `ratio ${tail.toFixed(2)}x (target <= 0.5x)  ${verdict(tail <= 0.5)}`,
  );
  // A scrape that touched the database would cost at least one transaction each; what is left
  // (< 0.01) is the background refreshes that happened to fall in the rounds.
  const cause = tx < 0.01 ? 'background refreshes' : 'SCRAPES TOUCH THE DATABASE';
  console.log(
    `db tx/scrape  exporter ${perScrape(tx)} (${ours.transactions} in ${ours.scrapes} scrapes: ${cause})  ` +
      `${peerName} ${perScrape(peer.transactionsPerScrape)} (${peer.transactions} in ${peer.scrapes})  ` +
      `(target 0)  ${verdict(tx < 0.01)}`,
  );
}

// --- the run ---

async function main(): Promise<void> {
  console.log(`machine: ${describeMachine()}`);
  const volume = volumeFor(SCALE);
  const queries = builtinQueries();
  const peerVersion = postgresExporterVersion();

  const database = await createBenchDatabase(ADMIN_URL, 'clicky_bench_metrics');
  cleanups.push(() => database.drop());
  const loading = performance.now();
  await loadVolume(
    database.url,
    readFileSync(join(__dirname, '..', 'exporter', 'sql', 'schema.sql'), 'utf8'),
    volume,
  );
  console.log(
    `${database.serverVersion}, database ${database.name}: ${describeVolume(volume)} ` +
      `(BENCH_SCALE ${SCALE}), loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'bench-metrics-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const queriesPath = join(dir, 'queries.yaml');
  writeFileSync(queriesPath, postgresExporterQueries(queries, REFRESH_SECONDS));

  const exporter = await startExporter(database.url);
  const exporterUrl = `http://127.0.0.1:${exporter.port}/metrics`;
  // The same exporter rendering every scrape anew (METRICS_CACHE_MS=0): what the cache is worth.
  const uncached = VARIANTS ? await startExporter(database.url, 0) : undefined;
  const peers = [QUERIES_ONLY, ...(VARIANTS ? [DEFAULTS] : [])];
  const peerUrls = new Map<PostgresExporterVariant, { url: string; pid: number }>();
  for (const variant of peers) peerUrls.set(variant, await startPeer(database, queriesPath, variant));

  const scrapeHeaders = { accept: PROMETHEUS_ACCEPT };
  const targets: Target[] = [
    { label: 'exporter', url: exporterUrl, headers: scrapeHeaders, pid: exporter.pid },
    ...(VARIANTS
      ? [{ label: 'exporter, Prometheus text', url: exporterUrl, headers: {}, pid: exporter.pid }]
      : []),
    ...(uncached
      ? [
          {
            label: 'exporter, METRICS_CACHE_MS=0',
            url: `http://127.0.0.1:${uncached.port}/metrics`,
            headers: scrapeHeaders,
            pid: uncached.pid,
          },
        ]
      : []),
    ...peers.map((variant) => ({
      label: `postgres_exporter, ${variant.name}`,
      ...(peerUrls.get(variant) as { url: string; pid: number }),
      headers: scrapeHeaders,
    })),
  ];

  // Same SQL, same data, same day: the figures must be equal, or the comparison means nothing.
  const figures = compareFigures(
    queries,
    (await scrapeOnce(exporterUrl, {})).body,
    (await scrapeOnce(peerUrls.get(QUERIES_ONLY)?.url as string, {})).body,
  );
  console.log(
    `postgres_exporter ${peerVersion}: our ${queries.length} business queries as custom queries ` +
      `(same SQL text, cache_seconds ${REFRESH_SECONDS} = our refresh interval); ` +
      `figures equal in both: ${figures.compared - figures.differences.length}/${figures.compared}`,
  );
  for (const difference of figures.differences) console.log(`  WARNING differs: ${difference}`);
  for (const variant of peers) console.log(`  "${variant.name}": ${variant.description}`);
  console.log(
    `  Headline peer: "queries only", its cheapest configuration for the same business figures (our` +
      ` exporter still serves its process, HTTP, dependency and PostgreSQL connection metrics too).`,
  );

  for (const target of targets) {
    await load({
      url: target.url,
      headers: target.headers,
      connections: CONNECTIONS,
      seconds: WARMUP_SECONDS,
    });
    const answer = await scrapeOnce(target.url, target.headers);
    console.log(
      `  ${target.label}: answers ${answer.contentType.split(';')[0]}, ${answer.body.length} bytes`,
    );
  }
  console.log(
    `Scrapes: autocannon, ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds, targets alternating ` +
      `(order reversed every other round), Accept as Prometheus sends it unless "Prometheus text"; ` +
      `medians of the rounds; tx/scrape over all rounds.`,
  );
  console.log(
    `Transactions: counted between two ends of every session on the bench database (PostgreSQL` +
      ` reports what a backend ran only when it touches a table or exits), ${RECONNECT_SCRAPES} reconnecting ` +
      `scrapes per round included. postgres_exporter so starts each round with its cache refilled: no ` +
      `${REFRESH_SECONDS} s expiry falls inside a timed round (in its favour).`,
  );

  const rounds = new Map<string, Round[]>(targets.map((target) => [target.label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const result = await measure(target, database).catch((err: Error) => {
        throw new Error(`${target.label}, round ${round + 1}: ${err.message}`, { cause: err });
      });
      rounds.get(target.label)?.push(result);
      console.log(
        `  round ${round + 1}/${ROUNDS}  ${target.label.padEnd(36)} ${result.perSecond.toFixed(0).padStart(6)}/s` +
          `  p50 ${ms(result.p50)}  p99 ${ms(result.p99)}  ${result.transactions} tx / ${result.scrapes} scrapes`,
      );
    }
  }

  console.log(`machine after the rounds: ${describeMachine()}`);
  const summaries = new Map([...rounds].map(([label, results]) => [label, summarize(results)]));
  printTable(targets, summaries);
  const ours = summaries.get('exporter') as Summary;
  console.log(`\nagainst postgres_exporter, ${QUERIES_ONLY.name} (headline):`);
  printRatios(ours, summaries.get(`postgres_exporter, ${QUERIES_ONLY.name}`) as Summary, 'postgres_exporter');
  if (VARIANTS) {
    console.log(`against postgres_exporter, ${DEFAULTS.name}:`);
    printRatios(ours, summaries.get(`postgres_exporter, ${DEFAULTS.name}`) as Summary, 'postgres_exporter');
  }
}

/** Generous: loading, start-up, warm-up and every round, with room for a slow machine. */
function timeBudgetMs(): number {
  const targets = VARIANTS ? 5 : 2;
  const perTarget = ROUNDS * (SECONDS + 5) + WARMUP_SECONDS + 5;
  return (180 * Math.max(1, SCALE) + targets * perTarget + 60) * 1000;
}

exitOnHelp({
  usage: 'npm run bench:metrics',
  summary:
    "The exporter's /metrics against prometheus-postgres-exporter running the same business SQL on a " +
    'loaded database: scrapes/s, p50/p99, database transactions per scrape. Needs the peer binary: ' +
    'npm run setup -- --bench.',
  environment: [
    ['BENCH_SCALE', 'data volume (default 1: 200k bookings...; 0.1 for a quick run)'],
    ['BENCH_SECONDS', 'seconds per round (default 10)'],
    ['BENCH_ROUNDS', 'rounds per side (default 3)'],
    ['BENCH_VARIANTS', '1 (default): also the other variants; 0: the headline pair only'],
    [
      'BENCH_ADMIN_URL',
      'a superuser on the maintenance database (default postgres://postgres@127.0.0.1:5432/postgres)',
    ],
    ['BENCH_REDIS_URL', 'Redis for the exporter (optional)'],
    ['BENCH_POSTGRES_EXPORTER', 'the peer binary (default /usr/bin/prometheus-postgres-exporter)'],
  ],
});
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const watchdog = setTimeout(() => abort(`still running after ${timeBudgetMs() / 1000} s`, 1), timeBudgetMs());
main()
  .then(async () => {
    clearTimeout(watchdog);
    await cleanup();
    process.exit(0);
  })
  .catch((err) =>
    err instanceof MissingPeerError
      ? abort(err.message, 69)
      : abort(err instanceof Error ? (err.stack ?? err.message) : String(err), 1),
  );
