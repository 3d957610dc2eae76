import express from 'express';
import request from 'supertest';
import { notConfigured } from '../../../exporter/src/health/not-configured';
import { redisCheck } from '../../../exporter/src/health/redis';
import { healthRoutes } from '../../../exporter/src/health/routes';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';

const redis = redisCheck({ url: 'redis://127.0.0.1:6379/15', timeoutMs: 1000 });
afterAll(() => redis.close());

function appWith(checks = [redis, notConfigured('db')]) {
  const lifecycle = createLifecycle();
  const app = express().use(healthRoutes({ version: '1.2.3', checks, timeoutMs: 1000, lifecycle }));
  return { app, lifecycle };
}

describe('health routes', () => {
  it('GET /health answers the version and forbids caching', async () => {
    const res = await request(appWith().app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: '1.2.3' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('GET /health/<check> answers 200 with the latency of a healthy dependency', async () => {
    const res = await request(appWith().app).get('/health/redis');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('GET /health/<check> answers 503 with the reason of a failing one', async () => {
    const res = await request(appWith().app).get('/health/db');
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'error', reason: 'not configured' });
  });

  it('GET /health/ready reports every service and fails when one fails', async () => {
    const res = await request(appWith().app).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      status: 'error',
      services: {
        redis: { status: 'ok', latency_ms: expect.any(Number) },
        db: expect.objectContaining({ status: 'error', reason: 'not configured' }),
      },
    });
  });

  it('GET /health/ready answers 200 when every service is healthy', async () => {
    const res = await request(appWith([redis]).app).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      services: { redis: { status: 'ok', latency_ms: expect.any(Number) } },
    });
  });

  it('GET /health/ready answers 503 as soon as the service drains', async () => {
    const { app, lifecycle } = appWith([redis]);
    lifecycle.beginDraining();
    const res = await request(app).get('/health/ready');
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ status: 'error', reason: 'shutting down' });
    expect((await request(app).get('/health')).status).toBe(200); // liveness is unaffected
  });

  it('answers 404 for an unknown check, naming the known ones', async () => {
    const res = await request(appWith().app).get('/health/kafka');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'error', reason: 'unknown check; known: redis, db' });
  });
});
