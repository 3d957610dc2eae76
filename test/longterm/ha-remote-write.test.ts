/**
 * The HA pair with long-term storage (compose profiles ha and longterm, PROMETHEUS_VARIANT=.ha-longterm)
 * with the real binaries: two Debian `prometheus` replicas, their external labels and remote write from
 * prometheus/ha-longterm.ts, scrape one target (a real Pushgateway) and remote-write to one Debian
 * `victoria-metrics` deduplicating at the scrape interval, as docker-compose.monitoring.yml runs it.
 *
 * The replicas also write to a second VictoriaMetrics without deduplication: the witness that both
 * really send every sample (twice as many there), so that the first store holding one replica's worth
 * is its deduplication at work, not a replica that sends nothing. Then replica a is killed (SIGKILL, a
 * crash: whatever its remote-write queue held is lost) and the stored series goes on without a gap,
 * from replica b's samples.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Replica } from '../../prometheus/ha';
import { haLongtermConfig } from '../../prometheus/ha-longterm';
import { waitForAsync } from '../dashboards/support/wait';
import { type RawSeries, startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { startPushgateway, type TestPushgateway } from '../support/pushgateway';
import { startVictoriaMetrics, type TestVictoriaMetrics } from '../support/victoria-metrics';

jest.setTimeout(120_000);

/** The scrape interval here, and so the deduplication interval (15s in the deployment, for both). */
const INTERVAL_MS = 1000;
const INTERVAL = `${INTERVAL_MS / 1000}s`;
const JOB = 'target';
const ENV = 'test';
const UP = `up{job="${JOB}"}`;
/** The window of the count comparisons, in seconds. */
const WINDOW = 10;

let target: TestPushgateway;
let store: TestVictoriaMetrics;
let witness: TestVictoriaMetrics;
const replicas: Record<Replica, TestPrometheus | undefined> = { a: undefined, b: undefined };
const replica = (name: Replica) => {
  const found = replicas[name];
  if (!found) throw new Error(`replica ${name} did not start`);
  return found;
};

/** The replica's configuration as generated, its scrape job and intervals swapped for the test's. */
function replicaConfig(name: Replica): Record<string, unknown> {
  const noTargets = { prometheus: '', alertmanager: '', exporter: '', blackbox: '' };
  const generated = haLongtermConfig(noTargets, 'development', name, new URL(store.url).host, []);
  const [write] = generated.remote_write ?? [];
  if (!write) throw new Error('haLongtermConfig has no remote_write');
  return {
    global: {
      ...generated.global,
      scrape_interval: INTERVAL,
      scrape_timeout: INTERVAL,
      evaluation_interval: INTERVAL,
    },
    scrape_configs: [{ job_name: JOB, static_configs: [{ targets: [target.target], labels: { env: ENV } }] }],
    // The same write (relabelling and queue) a second time, to the witness.
    remote_write: [write, { ...write, url: witness.writeUrl }],
  };
}

const countAt = async (api: { query: TestPrometheus['query'] }, expr: string, at: number) =>
  (await api.query(expr, at))[0]?.value ?? 0;

const timestamps = (series: RawSeries[]) => (series[0]?.samples ?? []).map(([t]) => t);
const largestGap = (times: number[]) =>
  Math.max(0, ...times.slice(1).map((t, i) => t - (times[i] as number)));

/** Waits until `api` holds a sample of UP at or after `ms`. */
async function holdsUpTo(what: string, api: TestVictoriaMetrics, ms: number): Promise<void> {
  await waitForAsync(
    what,
    async () => {
      await api.flush();
      return timestamps(await api.rawSamples(UP, 60)).some((t) => t >= ms);
    },
    30_000,
  );
}

beforeAll(async () => {
  target = await startPushgateway();
  store = await startVictoriaMetrics([`-dedup.minScrapeInterval=${INTERVAL}`]);
  witness = await startVictoriaMetrics();
  replicas.a = await startPrometheus({ config: replicaConfig('a') });
  replicas.b = await startPrometheus({ config: replicaConfig('b') });
  await waitForAsync(
    `${WINDOW + 2} scrapes by each replica`,
    async () => {
      for (const name of ['a', 'b'] as const)
        if ((await countAt(replica(name), `count_over_time(${UP}[1m])`, Date.now() / 1000)) < WINDOW + 2)
          return false;
      return true;
    },
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await replicas.a?.stop();
  await replicas.b?.stop();
  await store?.stop();
  await witness?.stop();
  await target?.stop();
});

describe('both replicas writing', () => {
  /** A past second up to which both stores hold what both replicas scraped. */
  let at: number;

  beforeAll(async () => {
    at = Math.floor(Date.now() / 1000) - 1;
    for (const [what, api] of [
      ['the store', store],
      ['the witness', witness],
    ] as const) {
      for (const name of ['a', 'b'] as const) {
        const last = timestamps(await replica(name).rawSamples(UP, 5, at)).at(-1) ?? at * 1000;
        await holdsUpTo(`${what} to hold replica ${name}'s samples up to ${at}`, api, last);
      }
    }
    await waitForAsync('the witness to hold every sample of both replicas', async () => {
      await witness.flush();
      const expr = `count_over_time(${UP}[${WINDOW}s])`;
      const sum = (await countAt(replica('a'), expr, at)) + (await countAt(replica('b'), expr, at));
      return (await countAt(witness, expr, at)) === sum;
    });
  });

  it('stores each series once, without `replica`, as either replica holds it', async () => {
    const series = `{job="${JOB}"}`;
    const local = await countAt(replica('a'), `count(${series})`, at);
    expect(local).toBeGreaterThan(20);
    expect(await countAt(replica('b'), `count(${series})`, at)).toBe(local);
    for (const api of [store, witness]) {
      // One group and no `replica` label in it: the two replicas wrote the same series.
      expect(await api.query(`count by (replica) (${series})`, at)).toEqual([{ metric: {}, value: local }]);
    }
  });

  it("keeps one replica's samples per interval, where the witness without deduplication keeps both", async () => {
    const expr = `count_over_time(${UP}[${WINDOW}s])`;
    const [a, b] = [await countAt(replica('a'), expr, at), await countAt(replica('b'), expr, at)];
    expect(Math.min(a, b)).toBeGreaterThanOrEqual(WINDOW - 1);
    expect(await countAt(witness, expr, at)).toBe(a + b);
    // One sample per interval of the window: the count of one replica, give or take the window's edges.
    const stored = await countAt(store, expr, at);
    expect(Math.abs(stored - a)).toBeLessThanOrEqual(1);
    // Each one a sample a replica took, not a merge of two.
    const ofA = timestamps(await replica('a').rawSamples(UP, WINDOW, at));
    const ofB = timestamps(await replica('b').rawSamples(UP, WINDOW, at));
    const taken = new Set([...ofA, ...ofB]);
    const kept = timestamps(await store.rawSamples(UP, WINDOW, at));
    expect(kept.filter((t) => !taken.has(t))).toEqual([]);
    // No gap longer than the replicas' own (a late scrape on a loaded machine), give or take one interval
    // where deduplication kept the other replica's sample.
    expect(largestGap(kept)).toBeLessThanOrEqual(Math.max(largestGap(ofA), largestGap(ofB)) + INTERVAL_MS);
  });
});

describe('replica a killed', () => {
  it('leaves no gap in the stored series: replica b goes on writing it', async () => {
    const killedAt = Date.now();
    replica('a').kill();
    await sleep(WINDOW * 1000);
    const after = timestamps(await replica('b').rawSamples(UP, WINDOW + 5));
    const lastOfB = after.at(-1) ?? killedAt;
    expect(lastOfB).toBeGreaterThan(killedAt + (WINDOW - 2) * INTERVAL_MS);
    await holdsUpTo("the store to hold replica b's samples after the kill", store, lastOfB);

    // From a few intervals before the kill (where a's last writes may have died with it) to b's last.
    const from = killedAt - 5 * INTERVAL_MS;
    const seconds = Math.ceil((lastOfB - from) / 1000);
    const at = lastOfB / 1000;
    const kept = timestamps(await store.rawSamples(UP, seconds, at));
    const ofB = timestamps(await replica('b').rawSamples(UP, seconds, at));
    // Every sample b took after the kill is stored: a's absence costs nothing.
    const bAfterKill = ofB.filter((t) => t > killedAt);
    expect(bAfterKill.length).toBeGreaterThanOrEqual(WINDOW - 2);
    expect(bAfterKill.filter((t) => !kept.includes(t))).toEqual([]);
    // No gap across the kill longer than b's own, give or take the interval where a's sample was kept.
    expect(largestGap(kept)).toBeLessThanOrEqual(largestGap(ofB) + INTERVAL_MS);
    expect(Math.abs(kept.length - ofB.length)).toBeLessThanOrEqual(1);
  });
});
