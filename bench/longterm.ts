/**
 * npm run bench:longterm
 *
 * 30 days of the API contract's and the exporter's series (bench/support/longterm-series.ts), written
 * into both long-term candidates in the same run:
 * - Prometheus's local TSDB: `promtool tsdb create-blocks-from openmetrics` (2-hour blocks), then a real
 *   Prometheus opened on them, given up to BENCH_COMPACT_SECONDS (default 150) to compact them;
 * - VictoriaMetrics single-node: the same samples through its import API (/api/v1/import/prometheus,
 *   timestamps in ms), flushed.
 * Prints disk bytes per sample for each, and the query time (median of 3) of the dashboards' heaviest
 * queries over the whole 30 days at a 1-hour step (Grafana's 30-day view), with the largest relative
 * difference between the two answers.
 *
 * BENCH_SCALE (default 1) multiplies the API's routes (2 at 1: 204 histogram/counter series, plus 24
 * exporter gauges). Samples every BENCH_INTERVAL_SECONDS (default 300, not the 15 s scrape interval:
 * promtool's OpenMetrics import is the slow step, and 30 days at 15 s would take it past the few minutes
 * this bench may use on 2 cores; regular intervals compress alike, so bytes per sample carry over).
 * No target: the README reports the figures and a recommendation.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPrometheus } from '../test/support/prometheus-server';
import { startVictoriaMetrics, VICTORIA_METRICS } from '../test/support/victoria-metrics';
import { families, type SeriesPlan, sampleCount, seriesCount, seriesLines } from './support/longterm-series';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const COMPACT_MS = Number(process.env.BENCH_COMPACT_SECONDS ?? 150) * 1000;
const DAY = 86_400;
/** Prometheus's block length, to which promtool aligns the blocks it writes. */
const BLOCK = 7200;
const to = Math.floor(Date.now() / 1000 / 60) * 60 - 3600;
const plan: SeriesPlan = {
  interval: Number(process.env.BENCH_INTERVAL_SECONDS ?? 300),
  from: to - 30 * DAY,
  to,
  routes: Math.max(1, Math.round(2 * SCALE)),
  gaugeNames: [
    'clicky_dependency_up',
    'clicky_dependency_check_duration_seconds',
    'clicky_postgres_connections',
    'clicky_postgres_max_connections',
    'clicky_redis_memory_used_bytes',
    'clicky_redis_memory_max_bytes',
    'clicky_redis_connected_clients',
    'clicky_app_up',
  ],
  gaugeVariants: 3,
};

/** The dashboards' heaviest panels (API performance), over every route of the production API. */
const SEL = 'env="production", job=~".*", route=~".*"';
const heavyQueries = [
  `histogram_quantile(0.95, sum by (route, le) (rate(http_request_duration_seconds_bucket{${SEL}}[1h])))`,
  `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${SEL}}[1h])))`,
  `sum by (route) (rate(http_requests_total{${SEL}}[1h])) * 60`,
  `sum by (route) (rate(http_requests_total{${SEL}, status=~"5.."}[1h]))`,
  `sum by (job) (increase(http_requests_total{${SEL}, status=~"5.."}[1d]))`,
];

const duBytes = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + duBytes(join(path, entry)), 0);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

type Matrix = { metric: Record<string, string>; values: [number, string][] }[];

async function rangeQuery(url: string, expr: string): Promise<{ ms: number; result: Matrix }> {
  const params = new URLSearchParams({
    query: expr,
    start: String(plan.from + DAY),
    end: String(plan.to),
    step: '3600',
  });
  const started = performance.now();
  const res = await fetch(`${url}/api/v1/query_range`, { method: 'POST', body: params });
  const body = (await res.json()) as { status: string; data: { result: Matrix }; error?: string };
  const ms = performance.now() - started;
  if (body.status !== 'success') throw new Error(`${url}: ${expr}: ${body.error}`);
  return { ms, result: body.data.result };
}

/** Largest relative difference between two matrices' points at the same labels and time. */
function maxDifference(a: Matrix, b: Matrix): number {
  const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
  const other = new Map(b.map((s) => [key(s.metric), new Map(s.values.map(([t, v]) => [t, Number(v)]))]));
  let worst = 0;
  for (const s of a) {
    const points = other.get(key(s.metric));
    for (const [t, v] of s.values) {
      const w = points?.get(t);
      if (w === undefined) return Number.POSITIVE_INFINITY;
      const x = Number(v);
      if (Number.isNaN(x) && Number.isNaN(w)) continue;
      worst = Math.max(worst, Math.abs(x - w) / Math.max(1e-9, Math.abs(x)));
    }
  }
  return worst;
}

async function main() {
  if (!existsSync(VICTORIA_METRICS)) {
    console.log(`bench:longterm needs ${VICTORIA_METRICS} (Debian package victoria-metrics): not run`);
    return;
  }
  const fams = families(plan);
  const samplesPerSeries = sampleCount(plan);
  const samples = seriesCount(fams) * samplesPerSeries;
  console.log(
    `${seriesCount(fams)} series x ${samplesPerSeries} samples (30 days, one every ${plan.interval} s) = ${samples.toLocaleString('en')} samples (BENCH_SCALE ${SCALE})`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-longterm-'));
  const store = await startVictoriaMetrics();
  try {
    // Prometheus: one OpenMetrics file per 2-hour block, each through promtool. promtool 2.42 reads its
    // whole input once per 2-hour block it writes: one file of 30 days would be read 360 times.
    let started = performance.now();
    const input = join(dir, 'series.om');
    const blocks = join(dir, 'prometheus');
    const total = sampleCount(plan);
    for (let first = 0; first < total; ) {
      const windowEnd = (Math.floor((plan.from + first * plan.interval) / BLOCK) + 1) * BLOCK;
      const last = Math.min(total, Math.ceil((windowEnd - plan.from) / plan.interval));
      const out = createWriteStream(input);
      for (const f of fams) {
        if (!out.write(`# TYPE ${f.name} unknown\n`)) await once(out, 'drain');
        for (const s of f.series)
          for (const line of seriesLines(plan, f.name, s, 's', [first, last]))
            if (!out.write(line)) await once(out, 'drain');
      }
      out.end('# EOF\n');
      await finished(out);
      const run = spawnSync(
        'promtool',
        ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, blocks],
        {
          encoding: 'utf8',
        },
      );
      if (run.status !== 0) throw new Error(`promtool: ${run.stdout}${run.stderr}`);
      first = last;
    }
    rmSync(input);
    const promWriteS = (performance.now() - started) / 1000;
    const promBackfilled = duBytes(blocks);

    // VictoriaMetrics: the same samples through its import API, a batch of series at a time.
    started = performance.now();
    let batch: string[] = [];
    const send = async () => {
      const res = await fetch(`${store.url}/api/v1/import/prometheus`, {
        method: 'POST',
        body: batch.join(''),
      });
      if (!res.ok) throw new Error(`import: ${res.status} ${await res.text()}`);
      batch = [];
    };
    for (const f of fams)
      for (const s of f.series) {
        for (const line of seriesLines(plan, f.name, s, 'ms')) batch.push(line);
        if (batch.length >= 200_000) await send();
      }
    if (batch.length > 0) await send();
    await store.flush();
    const vmWriteS = (performance.now() - started) / 1000;

    const prometheus = await startPrometheus({
      config: { global: { scrape_interval: '1h' } },
      storagePath: blocks,
    });
    try {
      // Prometheus compacts the 2-hour blocks in the background, a few levels a minute.
      const deadline = Date.now() + COMPACT_MS;
      let loaded = Number.POSITIVE_INFINITY;
      for (;;) {
        await sleep(10_000);
        // Its own /metrics (the bench's Prometheus scrapes nothing, itself included).
        const own = await (await fetch(`${prometheus.url}/metrics`)).text();
        const now = Number(/^prometheus_tsdb_blocks_loaded (\S+)$/m.exec(own)?.[1] ?? loaded);
        if (now >= loaded || Date.now() > deadline) {
          loaded = now;
          break;
        }
        loaded = now;
      }
      await store.flush();
      const promBytes = duBytes(blocks) - duBytes(join(blocks, 'wal')) - duBytes(join(blocks, 'chunks_head'));
      const vmBytes = duBytes(store.dataDir);
      const perSample = (bytes: number) => (bytes / samples).toFixed(2);

      console.log('\nDisk');
      console.log('| store | bytes | bytes/sample | write time |');
      console.log('| --- | ---: | ---: | ---: |');
      console.log(
        `| Prometheus TSDB, as backfilled (2h blocks) | ${promBackfilled.toLocaleString('en')} | ${perSample(promBackfilled)} | ${promWriteS.toFixed(1)} s (promtool) |`,
      );
      console.log(
        `| Prometheus TSDB, compacted (${loaded} blocks) | ${promBytes.toLocaleString('en')} | ${perSample(promBytes)} | |`,
      );
      console.log(
        `| VictoriaMetrics | ${vmBytes.toLocaleString('en')} | ${perSample(vmBytes)} | ${vmWriteS.toFixed(1)} s (import API) |`,
      );

      console.log('\nQueries over 30 days, step 1h (median of 3 runs)');
      console.log('| query | Prometheus ms | VictoriaMetrics ms | ratio VM/Prom | max relative difference |');
      console.log('| --- | ---: | ---: | ---: | ---: |');
      for (const expr of heavyQueries) {
        const p: number[] = [];
        const v: number[] = [];
        let a: Matrix = [];
        let b: Matrix = [];
        for (let i = 0; i < 3; i++) {
          const x = await rangeQuery(prometheus.url, expr);
          const y = await rangeQuery(store.url, expr);
          p.push(x.ms);
          v.push(y.ms);
          a = x.result;
          b = y.result;
        }
        console.log(
          `| \`${expr}\` | ${median(p).toFixed(0)} | ${median(v).toFixed(0)} | ${(median(v) / median(p)).toFixed(2)} | ${maxDifference(a, b).toExponential(1)} |`,
        );
      }
    } finally {
      await prometheus.stop();
    }
  } finally {
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
