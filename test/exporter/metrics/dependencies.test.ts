import type { HealthCheck } from '../../../exporter/src/health/check';
import { postgresCheck } from '../../../exporter/src/health/postgres';
import { redisCheck } from '../../../exporter/src/health/redis';
import { createCheckResults } from '../../../exporter/src/health/results';
import { runCheck } from '../../../exporter/src/health/runner';
import { dependencyMetrics } from '../../../exporter/src/metrics/dependencies';
import { createRegistry } from '../../../lib/metrics/registry';
import { countedCheck } from '../../support/counted-check';
import { startHangingServer } from '../../support/hanging-server';
import { sampleValue } from '../../support/metrics';
import { freePort } from '../../support/ports';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/wait';

/** Far above what a probe of the real PostgreSQL and Redis takes on a loaded machine: never reached. */
const TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let redis: TestRedisServer;
const checks: HealthCheck[] = [];
const track = <T extends HealthCheck>(check: T) => {
  checks.push(check);
  return check;
};
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase('dependency_metrics'), startRedisServer()]);
});
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  await Promise.all(checks.splice(0).map((check) => check.close()));
});
afterAll(async () => {
  await Promise.all([db.drop(), redis.stop()]);
});

function setUp(list: HealthCheck[], { refreshMs = 60_000, timeoutMs = TIMEOUT_MS } = {}) {
  const registry = createRegistry({ defaultMetrics: false });
  const results = createCheckResults();
  const metrics = dependencyMetrics({ registry, checks: list, results, timeoutMs, refreshMs });
  stops.push(() => metrics.stop());
  const up = (service: string) => sampleValue(registry, 'clicky_dependency_up', { service });
  return { registry, results, metrics, up };
}

describe('dependencyMetrics', () => {
  it('reports each check as up, with its latency and when it ran', async () => {
    const pg = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    const { registry, metrics, up } = setUp([pg]);
    expect(metrics.latest()).toBeUndefined();
    const before = Date.now() / 1000;
    await metrics.refresh();
    expect(await up('db')).toBe(1);
    const latency = await sampleValue(registry, 'clicky_dependency_latency_seconds', { service: 'db' });
    const at = await sampleValue(registry, 'clicky_dependency_check_timestamp_seconds', { service: 'db' });
    expect(at).toBeGreaterThanOrEqual(before - 0.001);
    expect(metrics.latest()?.results).toEqual({ db: { status: 'ok', latency_ms: expect.any(Number) } });
    // The check's own latency, in seconds.
    expect(latency).toBe((metrics.latest()?.results.db?.latency_ms ?? Number.NaN) / 1000);
  });

  it('reports a dependency on a closed port as down (0), like /health', async () => {
    const pg = track(
      postgresCheck({ url: `postgres://postgres@127.0.0.1:${await freePort()}/x`, timeoutMs: TIMEOUT_MS }),
    );
    const { metrics, up } = setUp([pg]);
    await metrics.refresh();
    expect(await up('db')).toBe(0);
    expect(metrics.latest()?.results.db).toEqual({
      status: 'error',
      reason: 'connection refused',
      latency_ms: expect.any(Number),
    });
  });

  it('follows a dependency that goes down and comes back in the background, without a restart', async () => {
    const check = track(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS }));
    const { metrics, results } = setUp([check], { refreshMs: 50 });
    const status = () => results.all().redis?.result.status;
    metrics.start();
    await waitFor('redis up', () => status() === 'ok');
    await redis.stop();
    await waitFor('redis down', () => status() === 'error');
    await redis.start();
    await waitFor('redis up again', () => status() === 'ok', 10_000);
  });

  it('answers a scrape while the check of a hung dependency is still pending', async () => {
    const hanging = await startHangingServer();
    stops.push(() => hanging.close());
    let pending = 0;
    const inner = track(
      postgresCheck({ url: `postgres://postgres@127.0.0.1:${hanging.port}/x`, timeoutMs: 30_000 }),
    );
    const watched: HealthCheck = {
      name: 'db',
      probe: async (signal) => {
        pending++;
        try {
          return await inner.probe(signal);
        } finally {
          pending--;
        }
      },
      close: async () => {},
    };
    const { registry, results } = setUp([watched], { timeoutMs: 30_000 });
    // Nothing known yet: the scrape starts a check in the background and answers without it.
    const first = await registry.metrics();
    expect(pending).toBe(1);
    expect(first).not.toContain('clicky_dependency_up{');
    // A result recorded earlier (say by /health/db) is served while the new check still hangs.
    results.onResult(watched, { status: 'error', reason: 'connection refused' }, new Error('refused'));
    const second = await registry.metrics();
    expect(pending).toBe(1);
    expect(second).toContain('clicky_dependency_up{service="db"} 0');
  });

  it('shows what a /health probe found, without probing again', async () => {
    const check = track(countedCheck(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS })));
    const { results, up } = setUp([check]);
    await runCheck(check, { timeoutMs: TIMEOUT_MS, onResult: results.onResult });
    expect(check.probes).toBe(1);
    expect(await up('redis')).toBe(1);
    expect(check.probes).toBe(1);
  });

  it('serves 50 concurrent scrapes from fresh results without probing anything', async () => {
    const pg = track(countedCheck(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS })));
    const rd = track(countedCheck(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS })));
    const { registry, metrics } = setUp([pg, rd]);
    await metrics.refresh();
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    const texts = await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    for (const text of texts) expect(text).toContain('clicky_dependency_up{service="db"} 1');
  });

  it('starts one background refresh for any number of scrapes that find the results stale', async () => {
    const pg = track(countedCheck(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS })));
    const rd = track(countedCheck(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS })));
    const { registry, metrics } = setUp([pg, rd], { refreshMs: 1 });
    await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    await metrics.refresh(); // joins the one in flight
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    await sleep(5);
    await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([2, 2]);
    await metrics.refresh(); // the checks close once the refresh these scrapes started is done
  });

  it('never fails a scrape, even when a check throws instead of rejecting', async () => {
    const broken: HealthCheck = {
      name: 'broken',
      probe: () => {
        throw new TypeError('bug');
      },
      close: async () => {},
    };
    const { registry, metrics } = setUp([broken]);
    await metrics.refresh();
    await expect(registry.metrics()).resolves.toContain('clicky_dependency_up{service="broken"} 0');
  });
});
