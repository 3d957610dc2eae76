import request from 'supertest';
import { createExporterApp } from '../../exporter/src/app';
import type { HealthCheck } from '../../exporter/src/health/check';
import { notConfigured } from '../../exporter/src/health/not-configured';
import { postgresCheck } from '../../exporter/src/health/postgres';
import { redisCheck } from '../../exporter/src/health/redis';
import { createExporterMetrics } from '../../exporter/src/metrics/exporter-metrics';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { capturedLogger } from '../support/captured-logger';
import { startHangingServer } from '../support/hanging-server';
import { startRedisServer } from '../support/redis-server';

const TOKEN = 'scrape-token-123';

/** With metrics on (no dependencies configured), as main.ts assembles it. */
function exporterWithMetrics(options: {
  token?: string;
  cacheMs: number;
  checks?: HealthCheck[];
  healthTimeoutMs?: number;
}) {
  const captured = capturedLogger({ level: 'info' });
  const checks = options.checks ?? [notConfigured('db')];
  const healthTimeoutMs = options.healthTimeoutMs ?? 500;
  const exporterMetrics = createExporterMetrics({ checks, healthTimeoutMs, dependencyMaxAgeMs: 60_000 });
  const app = createExporterApp({
    version: '1.0.0',
    logger: captured.logger,
    checks,
    healthTimeoutMs,
    lifecycle: createLifecycle(),
    metrics: { exporterMetrics, token: options.token, cacheMs: options.cacheMs, startedAt: Date.now() },
  });
  return { app, exporterMetrics, ...captured };
}

/** The count of GET /metrics 200 answers a scrape body reports. */
const scrapesCounted = (body: string) =>
  Number(/^http_requests_total\{method="GET",route="\/metrics",status="200"\} (\d+)$/m.exec(body)?.[1] ?? 0);

function exporterApp(level: 'info' | 'debug' = 'info') {
  const captured = capturedLogger({ level });
  const app = createExporterApp({
    version: '1.0.0',
    logger: captured.logger,
    checks: [notConfigured('db')],
    healthTimeoutMs: 500,
    lifecycle: createLifecycle(),
  });
  return { app, ...captured };
}

describe('exporter app', () => {
  it('serves the health routes behind request logging with the exporter.http logger', async () => {
    const { app, records } = exporterApp();
    const res = await request(app).get('/health/db');
    expect(res.status).toBe(503);
    expect(res.headers['x-request-id']).toMatch(/^req-/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(records()).toEqual([]); // probe paths are quiet at INFO
  });

  it('answers unknown routes with a JSON 404, logged as a completed request', async () => {
    const { app, records } = exporterApp();
    const res = await request(app).post('/nope?secret=1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'error', reason: 'no route for POST /nope' });
    expect(records().map((r) => [r.logger, r.message, r.status_code])).toEqual([
      ['exporter.http', 'Request received', undefined],
      ['exporter.http', 'Request completed', 404],
    ]);
  });

  it('serves /metrics with its RED metrics, one rendering per METRICS_CACHE_MS', async () => {
    const fresh = exporterWithMetrics({ cacheMs: 0 });
    await request(fresh.app).get('/metrics');
    expect(scrapesCounted((await request(fresh.app).get('/metrics')).text)).toBe(1);
    const cached = exporterWithMetrics({ cacheMs: 60_000 });
    await request(cached.app).get('/metrics');
    await request(cached.app).get('/metrics');
    expect(scrapesCounted((await request(cached.app).get('/metrics')).text)).toBe(0);
  });

  it('guards /metrics and /metrics/summary with METRICS_TOKEN', async () => {
    const { app } = exporterWithMetrics({ token: TOKEN, cacheMs: 1000 });
    for (const path of ['/metrics', '/metrics/summary']) {
      expect([path, (await request(app).get(path)).status]).toEqual([path, 401]);
      const ok = await request(app).get(path).set('Authorization', `Bearer ${TOKEN}`);
      expect([path, ok.status]).toEqual([path, 200]);
    }
  });

  it('answers /health the same on the fast path (INFO) and through Express (DEBUG, logged)', async () => {
    const answers = [];
    for (const level of ['info', 'debug'] as const) {
      const { app, records } = exporterApp(level);
      const res = await request(app).get('/health');
      answers.push([res.status, res.body, res.headers['content-type'], res.headers['cache-control']]);
      expect(records()).toHaveLength(level === 'info' ? 0 : 2);
    }
    expect(answers).toEqual([
      [200, { status: 'ok', version: '1.0.0' }, 'application/json; charset=utf-8', 'no-store'],
      [200, { status: 'ok', version: '1.0.0' }, 'application/json; charset=utf-8', 'no-store'],
    ]);
  });

  it('shows on /metrics what /health/<check> just found, without waiting for the next refresh', async () => {
    const redis = await startRedisServer();
    // A deadline never reached on a loaded machine: the first refresh must find Redis up.
    const check = redisCheck({ url: redis.url, timeoutMs: 10_000 });
    try {
      const { app, exporterMetrics } = exporterWithMetrics({
        cacheMs: 0,
        checks: [check],
        healthTimeoutMs: 10_000,
      });
      await exporterMetrics.dependencies.refresh();
      const up = async () =>
        /^clicky_dependency_up\{service="redis"\} (\d)$/m.exec(
          (await request(app).get('/metrics')).text,
        )?.[1];
      expect(await up()).toBe('1');
      await redis.stop();
      expect((await request(app).get('/health/redis')).status).toBe(503);
      expect(await up()).toBe('0');
      await exporterMetrics.stop();
    } finally {
      await check.close();
      await redis.stop();
    }
  });

  it('answers /metrics while the check of a hung database is still pending', async () => {
    const hanging = await startHangingServer();
    const check = postgresCheck({ url: `postgres://u@127.0.0.1:${hanging.port}/db`, timeoutMs: 30_000 });
    let pending = 0;
    const watched: HealthCheck = {
      name: check.name,
      probe: (signal) => {
        pending++;
        return check.probe(signal).finally(() => pending--);
      },
      close: () => check.close(),
    };
    try {
      const { app, exporterMetrics } = exporterWithMetrics({
        cacheMs: 0,
        checks: [watched],
        healthTimeoutMs: 30_000,
      });
      exporterMetrics.start();
      const res = await request(app).get('/metrics');
      expect(res.status).toBe(200);
      expect(pending).toBe(1);
      await exporterMetrics.stop();
    } finally {
      await hanging.close();
      await check.close();
    }
  });
});
