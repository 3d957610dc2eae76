import type { HealthCheck } from '../../../exporter/src/health/check';
import { postgresCheck } from '../../../exporter/src/health/postgres';
import { redisCheck } from '../../../exporter/src/health/redis';
import { dependencyMetrics } from '../../../exporter/src/metrics/dependencies';
import { createRegistry } from '../../../lib/metrics/registry';
import { countedCheck } from '../../support/counted-check';
import { startHangingServer } from '../../support/hanging-server';
import { sampleValue } from '../../support/metrics';
import { freePort } from '../../support/ports';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { LOAD_MARGIN_MS } from '../../support/timing';

const TIMEOUT_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
let redis: TestRedisServer;
const checks: HealthCheck[] = [];
const track = <T extends HealthCheck>(check: T) => {
  checks.push(check);
  return check;
};

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase('dependency_metrics'), startRedisServer()]);
});
afterEach(async () => {
  await Promise.all(checks.splice(0).map((check) => check.close()));
});
afterAll(async () => {
  await Promise.all([db.drop(), redis.stop()]);
});

function setUp(list: HealthCheck[], maxAgeMs?: number) {
  const registry = createRegistry({ defaultMetrics: false });
  const metrics = dependencyMetrics({ registry, checks: list, timeoutMs: TIMEOUT_MS, maxAgeMs });
  const up = (service: string) => sampleValue(registry, 'clicky_dependency_up', { service });
  return { registry, metrics, up };
}

describe('dependencyMetrics', () => {
  it('reports each check as up, with its latency and when it ran', async () => {
    const pg = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    const { registry, metrics, up } = setUp([pg]);
    expect(metrics.latest()).toBeUndefined();
    const before = Date.now() / 1000;
    expect(await up('db')).toBe(1);
    const latency = await sampleValue(registry, 'clicky_dependency_latency_seconds', { service: 'db' });
    expect(latency).toBeGreaterThanOrEqual(0);
    // Seconds, not milliseconds; how many depends on the machine's load, which no test may assert.
    expect(latency).toBeLessThan(LOAD_MARGIN_MS / 1000);
    const at = await sampleValue(registry, 'clicky_dependency_check_timestamp_seconds', { service: 'db' });
    expect(at).toBeGreaterThanOrEqual(before - 0.001);
    expect(metrics.latest()?.results).toEqual({ db: { status: 'ok', latency_ms: expect.any(Number) } });
  });

  it('reports a dependency on a closed port as down (0), like /health', async () => {
    const pg = track(
      postgresCheck({ url: `postgres://postgres@127.0.0.1:${await freePort()}/x`, timeoutMs: TIMEOUT_MS }),
    );
    const { metrics, up } = setUp([pg]);
    expect(await up('db')).toBe(0);
    expect(metrics.latest()?.results.db).toEqual({
      status: 'error',
      reason: 'connection refused',
      latency_ms: expect.any(Number),
    });
  });

  it('follows a dependency that goes down and comes back, without a restart', async () => {
    const check = track(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS }));
    const { up } = setUp([check], 0);
    expect(await up('redis')).toBe(1);
    await redis.stop();
    expect(await up('redis')).toBe(0);
    await redis.start();
    let value = await up('redis');
    for (let i = 0; i < 60 && value !== 1; i++) {
      await sleep(100);
      value = await up('redis');
    }
    expect(value).toBe(1);
  });

  it('serves 50 concurrent scrapes from a fresh result without probing anything', async () => {
    const pg = track(countedCheck(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS })));
    const rd = track(countedCheck(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS })));
    const { registry, metrics } = setUp([pg, rd], 60_000);
    await metrics.current();
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    const texts = await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    for (const text of texts) expect(text).toContain('clicky_dependency_up{service="db"} 1');
  });

  it('refreshes a stale result once for any number of concurrent scrapes', async () => {
    const pg = track(countedCheck(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS })));
    const rd = track(countedCheck(redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS })));
    const { registry } = setUp([pg, rd], 0);
    await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([1, 1]);
    await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    expect([pg.probes, rd.probes]).toEqual([2, 2]);
  });

  it('bounds a scrape by the health timeout when a dependency hangs, and reports it down', async () => {
    const hanging = await startHangingServer();
    try {
      const check = track(redisCheck({ url: `redis://127.0.0.1:${hanging.port}`, timeoutMs: TIMEOUT_MS }));
      const { registry } = setUp([check]);
      const started = Date.now();
      const text = await registry.metrics();
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + LOAD_MARGIN_MS);
      expect(text).toContain('clicky_dependency_up{service="redis"} 0');
      expect(text).toContain(`clicky_dependency_latency_seconds{service="redis"} ${TIMEOUT_MS / 1000}`);
    } finally {
      await hanging.close();
    }
  });

  it('never fails a scrape, even when a check throws instead of rejecting', async () => {
    const broken: HealthCheck = {
      name: 'broken',
      probe: () => {
        throw new TypeError('bug');
      },
      close: async () => {},
    };
    const { registry } = setUp([broken]);
    await expect(registry.metrics()).resolves.toContain('clicky_dependency_up{service="broken"} 0');
  });
});
