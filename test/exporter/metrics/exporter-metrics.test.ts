/**
 * Acceptance: an app wired as the exporter is (RED middleware, health routes, /metrics on the
 * exporter's registry with every collector), scraped over HTTP, and the text checked by promtool.
 */
import express from 'express';
import request from 'supertest';
import { dependency, http } from '../../../alerting/rules/metrics';
import type { HealthCheck } from '../../../exporter/src/health/check';
import { notConfigured } from '../../../exporter/src/health/not-configured';
import { postgresCheck } from '../../../exporter/src/health/postgres';
import { redisCheck } from '../../../exporter/src/health/redis';
import { healthRoutes } from '../../../exporter/src/health/routes';
import { createExporterMetrics, type ExporterMetrics } from '../../../exporter/src/metrics/exporter-metrics';
import { metricsRoutes } from '../../../exporter/src/metrics/routes';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';
import { redMetrics } from '../../../lib/http/red-metrics';
import { createScrapeCache } from '../../../lib/metrics/scrape-cache';
import { promtoolCheckMetrics, promtoolParseOpenMetrics, sampleValue } from '../../support/metrics';
import { freePort } from '../../support/ports';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { waitFor } from '../../support/wait';

/**
 * Far above what a check or a system refresh of the real PostgreSQL and Redis takes on a loaded
 * machine: a first refresh that timed out would be retried only after the 15 s interval.
 */
const TIMEOUT_MS = 10_000;
const REDIS_URL = 'redis://127.0.0.1:6379/14';

let db: TestDatabase;
const cleanUps: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  db = await createTestDatabase('exporter_metrics');
});
afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
});
afterAll(async () => {
  await db.drop();
});

/** The exporter's wiring (as app.ts and main.ts do it), on the given dependencies. */
function exporterLikeApp(options: { databaseUrl: string; redisUrl: string; token?: string }) {
  const checks: HealthCheck[] = [
    postgresCheck({ url: options.databaseUrl, timeoutMs: TIMEOUT_MS }),
    redisCheck({ url: options.redisUrl, timeoutMs: TIMEOUT_MS }),
    notConfigured('minio'),
  ];
  const metrics = createExporterMetrics({
    checks,
    healthTimeoutMs: TIMEOUT_MS,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    logShipper: { stats: () => ({ sent_lines: 12, dropped_lines: 0, buffered_lines: 3, failed_pushes: 1 }) },
  });
  metrics.start();
  cleanUps.push(
    () => metrics.stop(),
    () => Promise.all(checks.map((check) => check.close())),
  );
  const app = express();
  app.use(redMetrics(metrics.registry));
  app.use(
    healthRoutes({
      version: '1.0.0',
      checks,
      timeoutMs: TIMEOUT_MS,
      lifecycle: createLifecycle(),
      // As app.ts: what /health finds is what /metrics shows.
      onResult: metrics.checkResults.onResult,
    }),
  );
  app.use(
    metricsRoutes({ cache: createScrapeCache(metrics.registry, { maxAgeMs: 0 }), token: options.token }),
  );
  app.use((_req, res) => void res.status(404).json({ status: 'error' }));
  return { app, metrics };
}

/** Waits for the first background refresh (or its failure) of both system collectors. */
async function settled(metrics: ExporterMetrics, expectUp: boolean) {
  const done = async () => {
    if (!expectUp)
      return (
        ((await sampleValue(metrics.registry, 'clicky_system_collect_errors_total', {
          source: 'postgres',
        })) ?? 0) > 0 &&
        ((await sampleValue(metrics.registry, 'clicky_system_collect_errors_total', { source: 'redis' })) ??
          0) > 0
      );
    return (
      (await sampleValue(metrics.registry, 'clicky_postgres_max_connections')) !== undefined &&
      (await sampleValue(metrics.registry, 'clicky_redis_memory_used_bytes')) !== undefined
    );
  };
  // A generous deadline: the first refreshes share a loaded machine with the rest of the suite.
  await waitFor('the first system refreshes', done, 15_000, 20);
}

const FAMILIES = [
  'http_requests_total',
  'http_request_duration_seconds',
  'http_requests_in_flight',
  'clicky_dependency_up',
  'clicky_dependency_latency_seconds',
  'clicky_dependency_check_timestamp_seconds',
  'clicky_postgres_connections',
  'clicky_postgres_max_connections',
  'clicky_redis_memory_used_bytes',
  'clicky_redis_memory_max_bytes',
  'clicky_redis_memory_fragmentation_ratio',
  'clicky_redis_connected_clients',
  'clicky_system_collect_errors_total',
  'clicky_log_lines_shipped_total',
  'clicky_log_lines_dropped_total',
  'clicky_log_push_failures_total',
  'clicky_log_lines_buffered',
  'process_cpu_seconds_total',
  'nodejs_eventloop_lag_p99_seconds',
];

describe('the exporter metrics, served by an app wired like the exporter', () => {
  it('pass `promtool check metrics` with no output, every family present', async () => {
    const { app, metrics } = exporterLikeApp({ databaseUrl: db.url, redisUrl: REDIS_URL });
    await settled(metrics, true);
    await request(app).get('/health/db').expect(200);
    await request(app).get('/health/redis').expect(200);
    await request(app).get('/health/minio').expect(503);
    await request(app).get('/no/such/page').expect(404);
    const res = await request(app).get('/metrics').expect(200);

    expect(promtoolCheckMetrics(res.text)).toEqual({ status: 0, output: '' });
    for (const family of FAMILIES) expect(res.text).toContain(`# TYPE ${family} `);
    // The names the alert rules query (alerting/rules/metrics.ts).
    for (const name of [...Object.values(http), ...Object.values(dependency)])
      expect(res.text).toMatch(new RegExp(`\n${name}[{ ]`));
    expect(res.text).toContain('http_requests_total{method="GET",route="/health/:check",status="200"} 2');
    expect(res.text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(res.text).toContain('clicky_dependency_up{service="db"} 1');
    expect(res.text).toContain('clicky_dependency_up{service="minio"} 0');
  });

  it('serve the same metrics as valid OpenMetrics', async () => {
    const { app, metrics } = exporterLikeApp({ databaseUrl: db.url, redisUrl: REDIS_URL });
    await settled(metrics, true);
    await request(app).get('/health/db').expect(200);
    const res = await request(app)
      .get('/metrics')
      .set('Accept', 'application/openmetrics-text; version=1.0.0');
    expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(res.text.endsWith('\n# EOF\n')).toBe(true);
    expect(res.text).toContain('# TYPE http_requests counter\n');
    const parsed = promtoolParseOpenMetrics(res.text);
    expect(parsed.output).not.toMatch(/error/i);
    expect(parsed.status).toBe(0);
  });

  it('still answer 200 with dependencies down: checks at 0, collect errors counted', async () => {
    const [pgPort, redisPort] = await Promise.all([freePort(), freePort()]);
    const { app, metrics } = exporterLikeApp({
      databaseUrl: `postgres://postgres@127.0.0.1:${pgPort}/none`,
      redisUrl: `redis://127.0.0.1:${redisPort}`,
    });
    await settled(metrics, false);
    const res = await request(app).get('/metrics').expect(200);
    expect(res.text).toContain('clicky_dependency_up{service="db"} 0');
    expect(res.text).toContain('clicky_dependency_up{service="redis"} 0');
    expect(res.text).toMatch(/clicky_system_collect_errors_total\{source="postgres"\} [1-9]/);
    expect(res.text).toMatch(/clicky_system_collect_errors_total\{source="redis"\} [1-9]/);
    expect(res.text).not.toContain('\nclicky_postgres_max_connections ');
    expect(promtoolCheckMetrics(res.text)).toEqual({ status: 0, output: '' });
  });

  it('guard /metrics with the token when one is configured', async () => {
    const { app } = exporterLikeApp({ databaseUrl: db.url, redisUrl: REDIS_URL, token: 'abc123' });
    await request(app).get('/metrics').expect(401);
    await request(app).get('/metrics').set('Authorization', 'Bearer abc123').expect(200);
  });
});
