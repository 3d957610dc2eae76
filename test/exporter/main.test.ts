/**
 * The exporter as a process: configuration errors, the five endpoints over real dependencies,
 * and graceful shutdown on SIGTERM.
 */

import type { AdminSummary } from '../../exporter/src/summary/admin-summary';
import { type BusinessDatabase, createBusinessDatabase, DEMO_DATA_SQL } from '../support/business-db';
import { type HangingServer, startHangingServer } from '../support/hanging-server';
import { promtoolCheckMetrics } from '../support/metrics';
import { freePort } from '../support/ports';
import { startS3, type TestS3 } from '../support/s3';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

const MAIN = 'exporter/src/main.ts';
/** tsx compiles main.ts and its imports at each start: on a loaded machine that alone can take long. */
const START_TIMEOUT_MS = 60_000;
jest.setTimeout(START_TIMEOUT_MS + 30_000);

let running: ServiceProcess | undefined;
afterEach(async () => {
  await running?.kill();
  running = undefined;
});

async function startExporter(env: Record<string, string>): Promise<{ url: string; service: ServiceProcess }> {
  const port = await freePort();
  const service = startServiceProcess(MAIN, { PORT: String(port), ...env });
  running = service;
  await service.waitForLine((line) => line.message === 'Exporter listening', START_TIMEOUT_MS);
  return { url: `http://127.0.0.1:${port}`, service };
}

describe('configuration errors', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ APP_ENV: 'production', LOG_LEVEL: 'debug' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://root:hunter2@db/clicky' }, 'DATABASE_URL'],
    [{ METRICS_QUERIES_FILE: '/nonexistent/queries.yml' }, 'METRICS_QUERIES_FILE'],
  ])('stops with exit code 78 and names the variable (%j)', async (env, variable) => {
    running = startServiceProcess(MAIN, env);
    expect(await running.exited).toBe(78);
    expect(running.stderr()).toContain(`invalid configuration: ${variable}:`);
    expect(running.stderr()).not.toContain('hunter2');
  });
});

describe('with real dependencies', () => {
  // Above the 2 s default: a first check or system refresh must not time out on a loaded machine
  // (a system refresh that did would be retried only 15 s later).
  const HEALTH_TIMEOUT_MS = '10000';
  let db: BusinessDatabase;
  let s3: TestS3;
  beforeAll(async () => {
    db = await createBusinessDatabase('exporter_main');
    await db.sql(DEMO_DATA_SQL);
    s3 = await startS3({ buckets: ['uploads'] });
  });
  afterAll(async () => {
    await s3.stop();
    await db.drop();
  });

  it('serves the five health endpoints and logs in the spec format', async () => {
    const { url, service } = await startExporter({
      APP_VERSION: '9.8.7',
      HEALTH_TIMEOUT_MS,
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379/15',
      MINIO_URL: s3.url,
      MINIO_ACCESS_KEY: s3.accessKey,
      MINIO_SECRET_KEY: s3.secretKey,
    });
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok', version: '9.8.7' });
    for (const name of ['db', 'redis']) {
      const res = await fetch(`${url}/health/${name}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    }
    const minio = await fetch(`${url}/health/minio`);
    expect(await minio.json()).toEqual({
      status: 'ok',
      latency_ms: expect.any(Number),
      buckets: ['uploads'],
    });

    const ready = await fetch(`${url}/health/ready`, { headers: { 'X-Request-ID': 'req-e2e-1' } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toBe('req-e2e-1');
    const body = (await ready.json()) as { status: string; services: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.services).sort()).toEqual(['db', 'minio', 'redis']);

    const listening = service.lines[0] as Record<string, unknown>;
    expect(Object.keys(listening).slice(0, 4)).toEqual(['timestamp', 'level', 'logger', 'message']);
    expect(listening).toMatchObject({
      level: 'INFO',
      logger: 'exporter.main',
      message: 'Exporter listening',
    });
    expect(listening.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('serves /metrics behind METRICS_TOKEN: dependencies, system figures, RED, valid for promtool', async () => {
    const { url } = await startExporter({
      HEALTH_TIMEOUT_MS,
      DATABASE_URL: db.url,
      REDIS_URL: 'redis://127.0.0.1:6379/15',
      METRICS_TOKEN: 'e2e-token',
    });
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    await fetch(`${url}/health/db`);
    const auth = { Authorization: 'Bearer e2e-token' };
    // The system figures and the business queries arrive from their own first background runs.
    const complete = (t: string) =>
      t.includes('\nclicky_redis_memory_used_bytes ') && t.includes('\nclicky_bookings{');
    let text = '';
    await waitFor(
      'the first background runs',
      async () => {
        text = await (await fetch(`${url}/metrics`, { headers: auth })).text();
        return complete(text);
      },
      30_000,
      100,
    );
    expect(text).toContain('clicky_dependency_up{service="db"} 1');
    expect(text).toContain('clicky_dependency_up{service="minio"} 0');
    expect(text).toContain('http_requests_total{method="GET",route="/health/:check",status="200"} 1');
    expect(text).toMatch(/\nclicky_postgres_max_connections \d+/);
    expect(text).toMatch(/\nclicky_bookings\{status="pending"\} \d+/);
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });

    expect((await fetch(`${url}/metrics/summary`)).status).toBe(401);
    const summary = (await (await fetch(`${url}/metrics/summary`, { headers: auth })).json()) as AdminSummary;
    expect(summary.users.total).toEqual(expect.any(Number));
    expect(summary.system).toMatchObject({ services: { db: 'ok', redis: 'ok', minio: 'error' } });
  });

  it('reports unconfigured and failing dependencies without leaking their configuration', async () => {
    const closedPort = await freePort();
    const { url } = await startExporter({
      DATABASE_URL: `postgres://clicky:hunter2@127.0.0.1:${closedPort}/clicky`,
      HEALTH_TIMEOUT_MS,
    });
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      status: 'error',
      services: {
        db: { status: 'error', reason: 'connection refused', latency_ms: expect.any(Number) },
        redis: { status: 'error', reason: 'not configured', latency_ms: expect.any(Number) },
        minio: { status: 'error', reason: 'not configured', latency_ms: expect.any(Number) },
      },
    });
    for (const secret of ['hunter2', 'clicky:', String(closedPort), 'Error', 'at '])
      expect(text).not.toContain(secret);
  });
});

describe('SIGTERM', () => {
  let hung: HangingServer;
  beforeAll(async () => {
    hung = await startHangingServer();
  });
  afterAll(() => hung.close());

  it('turns readiness to 503 at once, finishes in-flight requests, and exits 0 within 10 s', async () => {
    const { url, service } = await startExporter({
      MINIO_URL: `http://127.0.0.1:${hung.port}`,
      MINIO_ACCESS_KEY: 'access',
      MINIO_SECRET_KEY: 'secret',
      HEALTH_TIMEOUT_MS: '1500',
      // Long enough for the readiness request below to arrive before the server stops accepting
      // connections, however slowly this test sees the log line; the exit still comes well within
      // the 9 s shutdown deadline.
      SHUTDOWN_DRAIN_MS: '4000',
    });
    const inFlight = fetch(`${url}/health/minio`); // hangs until its 1.5 s deadline
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalled = performance.now();
    service.child.kill('SIGTERM');
    await service.waitForLine((line) => line.message === 'Shutting down');

    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'error', reason: 'shutting down' });

    const finished = await inFlight;
    expect(finished.status).toBe(503);
    expect(await finished.json()).toEqual({ status: 'error', reason: 'timeout after 1500 ms' });

    expect(await service.exited).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(10_000);
    expect(service.lines).toContainEqual(expect.objectContaining({ message: 'Shutdown complete' }));
  });
});
