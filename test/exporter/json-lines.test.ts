/**
 * Every line the exporter process writes is the spec's JSON, whatever its libraries print: here
 * ioredis, given a password the server does not want (its `[WARN]` console line) and a Redis that
 * goes down and comes back.
 */

import { freePort } from '../support/ports';
import { startRedisServer, type TestRedisServer } from '../support/redis-server';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';

jest.setTimeout(60_000);

const SPEC_KEYS = ['timestamp', 'level', 'logger', 'message'];
const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

let redis: TestRedisServer;
let service: ServiceProcess | undefined;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await service?.kill();
  await redis.stop();
});

it('writes only spec JSON lines, on stdout, with Redis misconfigured, down and back', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [, redisPort] = /:(\d+)$/.exec(redis.url) ?? [];
  service = startServiceProcess('exporter/src/main.ts', {
    PORT: String(port),
    APP_ENV: 'development',
    // A password this Redis does not require: ioredis console.warn()s about it on every connect.
    REDIS_URL: `redis://:not-needed-secret@127.0.0.1:${redisPort}`,
    METRICS_SYSTEM_INTERVAL_MS: '1000',
  });
  await service.waitForLine((line) => line.message === 'Exporter listening');
  const health = async () => (await fetch(`${url}/health/redis`)).status;
  expect(await health()).toBe(200);
  await service.waitForLine((line) => /password/.test(String(line.message)));
  await redis.stop();
  expect(await health()).toBe(503);
  await fetch(`${url}/metrics`);
  await service.waitForLine((line) => line.message === 'Dependency check failed');
  await redis.start();
  let status = await health();
  for (let i = 0; i < 100 && status !== 200; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    status = await health();
  }
  expect(status).toBe(200);
  await service.waitForLine((line) => line.message === 'Dependency check recovered');
  await fetch(`${url}/metrics`);
  await service.kill();

  expect(service.stderr()).toBe('');
  const notSpec = service.lines.filter((line) => {
    if (typeof line !== 'object' || line === null) return true;
    const record = line as Record<string, unknown>;
    return (
      Object.keys(record).slice(0, 4).join() !== SPEC_KEYS.join() ||
      !LEVELS.includes(String(record.level)) ||
      Number.isNaN(Date.parse(String(record.timestamp)))
    );
  });
  expect(notSpec).toEqual([]);
  const warning = service.lines.find((line) =>
    /password/.test(String((line as { message?: unknown }).message)),
  );
  expect(warning).toMatchObject({ level: 'WARNING', logger: 'exporter.console' });
  expect(JSON.stringify(service.lines)).not.toContain('not-needed-secret');
});
