import Redis from 'ioredis';
import { parseInfo, redisSystemMetrics } from '../../../exporter/src/metrics/redis-system';
import type { SystemCollector } from '../../../exporter/src/metrics/system-collector';
import { createRegistry } from '../../../lib/metrics/registry';
import { startHangingServer } from '../../support/hanging-server';
import { promtoolCheckMetrics, samples, sampleValue } from '../../support/metrics';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

/** Deadline of the test about the deadline: a server that never answers. */
const DEADLINE_MS = 300;
/** Every other test's: far above what a new connection takes on a loaded machine, never reached. */
const TIMEOUT_MS = 10_000;
/** The shared Redis of the test machine; this suite's DB number (INFO itself is server-wide). */
const SHARED_REDIS_URL = 'redis://127.0.0.1:6379/14';

let server: TestRedisServer;
const collectors: SystemCollector[] = [];
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  server = await startRedisServer();
});
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error');
});
afterEach(async () => {
  await Promise.all(collectors.splice(0).map((c) => c.stop()));
  // ioredis prints "[ioredis] Unhandled error event" when nobody listens for 'error'.
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});
afterAll(async () => {
  await server.stop();
});

function setUp(url: string, timeoutMs = TIMEOUT_MS) {
  const registry = createRegistry({ defaultMetrics: false });
  const collector = redisSystemMetrics({ registry, url, timeoutMs, expireAfterFailures: 2 });
  collectors.push(collector);
  const value = (name: string) => sampleValue(registry, name);
  const errors = () => sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'redis' });
  return { registry, collector, value, errors };
}

/** Runs `fn` with a plain client of the private server. */
async function withClient<T>(fn: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(server.url, { lazyConnect: true, enableReadyCheck: false }); // the ready check is an INFO
  await redis.connect();
  try {
    return await fn(redis);
  } finally {
    redis.disconnect();
  }
}

/** How many INFO commands the server has run (INFO commandstats: `cmdstat_info:calls=N,...`). */
const infoCalls = () =>
  withClient(async (redis) => Number(/cmdstat_info:calls=(\d+)/.exec(await redis.info('commandstats'))?.[1]));

describe('redisSystemMetrics', () => {
  it('reports memory figures from the real server as positive numbers', async () => {
    const { registry, collector, value } = setUp(SHARED_REDIS_URL);
    expect(await collector.refresh()).toBe(true);
    expect(await value('clicky_redis_memory_used_bytes')).toBeGreaterThan(0);
    expect(await value('clicky_redis_memory_max_bytes')).toBeGreaterThanOrEqual(0);
    expect(await value('clicky_redis_memory_fragmentation_ratio')).toBeGreaterThan(0);
    expect(await value('clicky_redis_connected_clients')).toBeGreaterThanOrEqual(1);
    expect(promtoolCheckMetrics(await registry.metrics())).toEqual({ status: 0, output: '' });
  });

  it('reports maxmemory as set on the server (0 means no limit)', async () => {
    const { collector, value } = setUp(server.url);
    await collector.refresh();
    expect(await value('clicky_redis_memory_max_bytes')).toBe(0);
    await withClient((redis) => redis.config('SET', 'maxmemory', String(64 * 1024 * 1024)));
    await collector.refresh();
    expect(await value('clicky_redis_memory_max_bytes')).toBe(64 * 1024 * 1024);
    await withClient((redis) => redis.config('SET', 'maxmemory', '0'));
  });

  it('answers 50 concurrent scrapes from memory: no INFO reaches Redis', async () => {
    const { registry, collector } = setUp(server.url);
    await collector.refresh();
    const before = await infoCalls();
    expect(before).toBeGreaterThanOrEqual(2); // the collector's INFO memory and INFO clients
    await Promise.all(Array.from({ length: 50 }, () => registry.metrics()));
    // The only INFO since is the one that read the statistics.
    expect(await infoCalls()).toBe(before + 1);
  });

  it('counts failures while Redis is down, drops the figures, and recovers without a restart', async () => {
    const { registry, collector, value, errors } = setUp(server.url);
    expect(await collector.refresh()).toBe(true);
    await server.stop();
    try {
      expect(await collector.refresh()).toBe(false);
      expect(await errors()).toBe(1);
      expect(await value('clicky_redis_memory_used_bytes')).toBeGreaterThan(0); // one failure: still shown
      expect(await collector.refresh()).toBe(false);
      expect(await errors()).toBe(2);
      const names = (await samples(registry)).map((s) => s.name);
      expect(names.filter((name) => name.startsWith('clicky_redis_'))).toEqual([]);
      await expect(registry.metrics()).resolves.toContain(
        'clicky_system_collect_errors_total{source="redis"} 2',
      );
    } finally {
      await server.start();
    }
    await waitFor('a refresh after the restart', () => collector.refresh(), 10_000, 100);
    expect(await value('clicky_redis_memory_used_bytes')).toBeGreaterThan(0);
  });

  it("reports an outage as what happened, not as ioredis's MaxRetriesPerRequestError", async () => {
    const own = await startRedisServer();
    const errors: unknown[] = [];
    const registry = createRegistry({ defaultMetrics: false });
    const collector = redisSystemMetrics({
      registry,
      url: own.url,
      timeoutMs: 2000,
      onError: (err) => errors.push(err),
    });
    collectors.push(collector);
    try {
      expect(await collector.refresh()).toBe(true);
    } finally {
      await own.stop();
    }
    expect(await collector.refresh()).toBe(false);
    expect(errors.map(String)).toEqual(['Error: Redis unreachable: connection refused']);
  });

  it('gives up on a server that never answers within its timeout, without failing scrapes', async () => {
    const hanging = await startHangingServer();
    try {
      const { registry, collector, errors } = setUp(`redis://127.0.0.1:${hanging.port}`, DEADLINE_MS);
      const started = Date.now();
      expect(await collector.refresh()).toBe(false);
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + LOAD_MARGIN_MS);
      expect(await errors()).toBe(1);
      await expect(registry.metrics()).resolves.toContain(
        'clicky_system_collect_errors_total{source="redis"} 1',
      );
    } finally {
      await hanging.close();
    }
  });
});

describe('parseInfo', () => {
  it('reads numeric fields and skips section headers and text values', () => {
    const info =
      '# Memory\r\nused_memory:1024\r\nused_memory_human:1.00K\r\nmem_fragmentation_ratio:1.25\r\nempty:\r\n';
    expect([...parseInfo(info)]).toEqual([
      ['used_memory', 1024],
      ['mem_fragmentation_ratio', 1.25],
    ]);
  });
});
