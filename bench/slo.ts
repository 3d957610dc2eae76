/**
 * npm run bench:slo
 *
 * The SLO rules' cost against the naive form, side by side in the same run, on 30 days of synthetic API
 * traffic backfilled into a TSDB with `promtool tsdb create-blocks-from openmetrics`:
 *
 * - ours: the generated SLO rule groups (alerting/slo/): every route's counters read over 5 minutes only,
 *   the windows up to 6h tiled from the recorded 5- and 30-minute counts, 1d, 3d and 30d summed from the
 *   recorded 5-minute counts (all backfilled too, as the rules would have recorded them);
 * - naive: the same groups with every window, 30d included, computed straight from the raw counters.
 *
 * Each runs in the real Prometheus (Debian's) over the same blocks; printed: the rule groups' evaluation
 * time per cycle (`prometheus_rule_group_last_duration_seconds`, summed over the SLO groups, median of the
 * cycles) and Prometheus's resident memory. Targets: ours <= 0.2x naive, and < 100 ms per cycle.
 *
 * Traffic: 100 routes x 5 status classes (101, 200, 302, 404, 500), a counter and a latency histogram
 * (buckets 0.1, 0.5, 1, 2, 5, +Inf) each, one sample every BENCH_STEP seconds (300: the naive form's
 * 30-day window reads 8,640 samples per series per cycle, 1/20 of a 15s scrape's, so its figure flatters
 * it), and every 15 s over the last 6 hours, which the short windows read.
 * Environment: BENCH_SCALE (1: the 100 routes; 0.25 for a quicker run), BENCH_STEP (300),
 * BENCH_CYCLES (5).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jobs } from '../alerting/rules/metrics';
import { slos } from '../alerting/slo';
import { renderSloRuleFile } from '../alerting/slo/render';
import { series, sloRuleGroup } from '../alerting/slo/rules';
import { ratioWindows } from '../alerting/slo/windows';
import { startPrometheus } from '../test/support/prometheus-server';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const step = Number(process.env.BENCH_STEP ?? '300');
/** The last 6 hours are scraped as production scrapes, every 15s: what the short windows read. */
const SCRAPE = 15;
const FINE_SPAN = 6 * 3600;
const cycles = Number(process.env.BENCH_CYCLES ?? '5');
const ROUTES = Math.max(1, Math.round(100 * scale));
const STATUSES = ['101', '200', '302', '404', '500'] as const;
const SHARE: Record<(typeof STATUSES)[number], number> = {
  '101': 0.01,
  '200': 0.9,
  '302': 0.05,
  '404': 0.035,
  '500': 0.005,
};
const BUCKETS = ['0.1', '0.5', '1', '2', '5', '+Inf'] as const;
const UNDER = [0.5, 0.8, 0.9, 0.97, 0.995, 1];
const DAYS = 30;
const ENV = 'bench';
/** Recorded samples of the SLO groups, as their 1m interval writes them. */
const RULE_STEP = 60;
/** The rule groups run this often here: more cycles in a short run, each costing what it costs at 1m. */
const BENCH_INTERVAL = '15s';

const seconds = () => Math.floor(Date.now() / 1000);

/** Requests per second of a route: a few busy routes, many quiet ones, a daily swell. */
const rps = (route: number, t: number) => (10 / (1 + route)) * (1.5 + Math.sin((2 * Math.PI * t) / 86_400));

function need(binary: string): void {
  if (spawnSync('which', [binary]).status !== 0) {
    console.error(`bench:slo needs ${binary} (Debian's prometheus package): not found, nothing measured`);
    process.exit(1);
  }
}

/** promtool 2.42 reads its whole input once per 2h block: one file per block keeps that to one read. */
const BLOCK = 7200;

/** Writes 30 days of traffic (and the SLO groups' recordings) into `data`, one promtool run per 2h block. */
function backfill(dir: string, data: string, end: number): number {
  const start = end - DAYS * 86_400;
  const labels = (route: number, status: string) =>
    `env="${ENV}",job="${jobs.api}",instance="api:8000",method="GET",route="/r${route}",status="${status}"`;
  // Cumulative requests of each route at each step: the integral of rps.
  const times: number[] = [];
  for (let t = start; t < end - FINE_SPAN; t += step) times.push(t);
  for (let t = end - FINE_SPAN; t <= end; t += SCRAPE) times.push(t);
  const cumulative = Array.from({ length: ROUTES }, (_, route) => {
    let total = 0;
    return times.map((t, i) => {
      total += rps(route, t) * (t - (times[i - 1] ?? t - step));
      return total;
    });
  });
  const perFiveMinutes = (t: number) =>
    Array.from({ length: ROUTES }, (_, r) => rps(r, t) * 300).reduce((a, b) => a + b, 0);
  // What the SLO groups record every minute, per SLO: the events and bad events of the last 5 and 30
  // minutes (the windows' tiles), and the good ones of the last 5.
  const bad = { 'api-availability': SHARE['500'], 'api-latency': 1 - (UNDER[3] ?? 1) };
  const recorded: [string, string, (t: number) => number][] = Object.entries(bad).flatMap(([slo, share]) => [
    [series.events5m, slo, perFiveMinutes],
    [series.goodEvents5m, slo, (t) => perFiveMinutes(t) * (1 - share)],
    [series.badEvents5m, slo, (t) => perFiveMinutes(t) * share],
    [series.events30m, slo, (t) => perFiveMinutes(t) * 6],
    [series.badEvents30m, slo, (t) => perFiveMinutes(t) * 6 * share],
  ]);
  let lines = 0;
  const file = join(dir, 'block.om');
  for (let from = start - (start % BLOCK); from <= end; from += BLOCK) {
    const to = from + BLOCK;
    const steps = times.flatMap((t, i) => (t >= from && t < to ? [i] : []));
    const out: string[] = ['# TYPE http_requests_total unknown'];
    for (let route = 0; route < ROUTES; route++) {
      for (const status of STATUSES) {
        for (const i of steps) {
          const v = Math.round((cumulative[route]?.[i] ?? 0) * SHARE[status]);
          out.push(`http_requests_total{${labels(route, status)}} ${v} ${times[i]}`);
        }
      }
    }
    out.push('# TYPE http_request_duration_seconds_bucket unknown');
    for (let route = 0; route < ROUTES; route++) {
      for (const status of STATUSES) {
        for (const [b, le] of BUCKETS.entries()) {
          for (const i of steps) {
            const v = Math.round((cumulative[route]?.[i] ?? 0) * SHARE[status] * (UNDER[b] ?? 1));
            out.push(
              `http_request_duration_seconds_bucket{${labels(route, status)},le="${le}"} ${v} ${times[i]}`,
            );
          }
        }
      }
    }
    for (const [name, slo, value] of recorded) {
      out.push(`# TYPE ${name} unknown`);
      for (let t = Math.max(from, start); t < to && t <= end; t += RULE_STEP) {
        out.push(`${name}{env="${ENV}",slo="${slo}",service="${jobs.api}"} ${value(t).toFixed(3)} ${t}`);
      }
    }
    lines += out.length;
    out.push('# EOF', '');
    writeFileSync(file, out.join('\n'));
    const made = spawnSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', file, data], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`promtool tsdb create-blocks-from failed: ${made.stderr}`);
  }
  rmSync(file);
  return lines;
}

interface Figures {
  cycleMs: number;
  cyclesSeen: number;
  rssMiB: number;
}

const sampleOf = (text: string, name: string, group?: string): number[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith(name) && (!group || l.includes(group)))
    .map((l) => Number(l.split(' ').pop()));

/** The `n` rules that took longest in their last evaluation, with their group and time. */
async function costliest(url: string, n: number): Promise<string[]> {
  const { data } = (await (await fetch(`${url}/api/v1/rules`)).json()) as {
    data: { groups: { name: string; rules: { name: string; evaluationTime: number }[] }[] };
  };
  return data.groups
    .flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r })))
    .sort((a, b) => b.evaluationTime - a.evaluationTime)
    .slice(0, n)
    .map((r) => `${(r.evaluationTime * 1000).toFixed(1)} ms  ${r.group}  ${r.name}`);
}

/** The SLO groups' summed evaluation time, once per cycle (a new last-evaluation timestamp), median. */
async function measure(rulesYaml: string, dataDir: string, label: string): Promise<Figures> {
  const rulesFile = join(dataDir, '..', `${label}.rules.yml`);
  writeFileSync(rulesFile, rulesYaml.replace(/^( +)interval: 1m$/gm, `$1interval: ${BENCH_INTERVAL}`));
  const prometheus = await startPrometheus({
    config: { global: { evaluation_interval: BENCH_INTERVAL }, rule_files: [rulesFile] },
    storagePath: dataDir,
  });
  try {
    const durations: number[] = [];
    let lastSeen = '';
    const deadline = Date.now() + (cycles + 4) * 20_000;
    while (durations.length < cycles && Date.now() < deadline) {
      await sleep(1000);
      const text = await (await fetch(`${prometheus.url}/metrics`)).text();
      const stamps = sampleOf(text, 'prometheus_rule_group_last_evaluation_timestamp_seconds', 'slo-');
      const key = stamps.join(',');
      if (stamps.length < slos.length || stamps.some((s) => s <= 0) || key === lastSeen) continue;
      if (lastSeen !== '') {
        const total = sampleOf(text, 'prometheus_rule_group_last_duration_seconds', 'slo-').reduce(
          (a, b) => a + b,
          0,
        );
        durations.push(total * 1000);
      }
      lastSeen = key;
    }
    const failures = await prometheus.query('sum(prometheus_rule_evaluation_failures_total)').catch(() => []);
    for (const rule of await costliest(prometheus.url, 3)) console.log(`    ${rule}`);
    const text = await (await fetch(`${prometheus.url}/metrics`)).text();
    const rss = sampleOf(text, 'process_resident_memory_bytes')[0] ?? 0;
    const [ratio] = await prometheus.query(`${series.errorRatio('30d')}{slo="api-availability"}`);
    console.log(
      `  ${label}: 30d error ratio of api-availability ${ratio ? ratio.value.toFixed(5) : 'none'}` +
        (failures.length && failures[0]?.value ? ` (rule failures: ${failures[0].value})` : ''),
    );
    durations.sort((a, b) => a - b);
    return {
      cycleMs: durations[Math.floor(durations.length / 2)] ?? Number.NaN,
      cyclesSeen: durations.length,
      rssMiB: rss / 2 ** 20,
    };
  } finally {
    await prometheus.stop();
  }
}

/**
 * Backfilled data arrives as one block per 2h (361 for 30 days); a running Prometheus compacts them into
 * a few large ones (up to 31 days each with the long retention). Both forms are measured after that, as
 * they would run in production. Prometheus first compacts a minute after it starts, so "done" is: fewer
 * blocks than it loaded, and then no change for half a minute.
 */
async function compact(data: string): Promise<{ before: number; after: number }> {
  const prometheus = await startPrometheus({
    config: { global: { evaluation_interval: '1m' } },
    storagePath: data,
  });
  try {
    const blocks = async () =>
      sampleOf(await (await fetch(`${prometheus.url}/metrics`)).text(), 'prometheus_tsdb_blocks_loaded')[0] ??
      -1;
    const before = await blocks();
    let last = before;
    let stable = 0;
    const deadline = Date.now() + 900_000;
    while (stable < 6 && Date.now() < deadline) {
      await sleep(5000);
      const now = await blocks();
      stable = now === last && now < before ? stable + 1 : 0;
      last = now;
    }
    if (stable < 6)
      throw new Error(`Prometheus did not finish compacting within 15 minutes (${last} blocks)`);
    return { before, after: last };
  } finally {
    await prometheus.stop();
  }
}

async function main(): Promise<void> {
  need('promtool');
  need('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'bench-slo-'));
  try {
    const end = seconds() - 60;
    const data = join(dir, 'data');
    const t0 = Date.now();
    const lines = backfill(dir, data, end);
    console.log(
      `synthetic traffic: ${ROUTES} routes x ${STATUSES.length} statuses, counter + ${BUCKETS.length} buckets, ` +
        `${DAYS} days every ${step}s (the last 6h every ${SCRAPE}s): ${(lines / 1e6).toFixed(1)}M samples, backfilled with ` +
        `promtool tsdb create-blocks-from openmetrics (${((Date.now() - t0) / 1000).toFixed(0)}s)`,
    );
    if (!existsSync(data)) throw new Error('no TSDB written');

    const blocks = await compact(data);
    console.log(`compacted by Prometheus from ${blocks.before} blocks into ${blocks.after}`);
    const ours = renderSloRuleFile(slos.map((slo) => sloRuleGroup(slo)));
    const naive = renderSloRuleFile(slos.map((slo) => sloRuleGroup(slo, [...ratioWindows, slo.window])));
    const a = await measure(ours, data, 'ours');
    const b = await measure(naive, data, 'naive');
    const ratio = a.cycleMs / b.cycleMs;
    console.log('');
    console.log('| form | SLO rule evaluation per cycle (median) | cycles | Prometheus RSS |');
    console.log('|------|----------------------------------------|--------|----------------|');
    for (const [name, f] of [
      ['ours', a],
      ['naive (30d from raw counters)', b],
    ] as const) {
      console.log(`| ${name} | ${f.cycleMs.toFixed(1)} ms | ${f.cyclesSeen} | ${f.rssMiB.toFixed(0)} MiB |`);
    }
    console.log('');
    const okRatio = ratio <= 0.2;
    const okAbsolute = a.cycleMs < 100;
    console.log(`ours / naive: ${ratio.toFixed(3)}x (target <= 0.2x): ${okRatio ? 'met' : 'MISSED'}`);
    console.log(
      `ours per cycle: ${a.cycleMs.toFixed(1)} ms (target < 100 ms): ${okAbsolute ? 'met' : 'MISSED'}`,
    );
    if (scale !== 1) console.log(`(BENCH_SCALE=${scale}: ${ROUTES} routes, not 100)`);
    process.exitCode = okRatio && okAbsolute ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
