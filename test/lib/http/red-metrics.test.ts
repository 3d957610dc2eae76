import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, Router } from 'express';
import { Registry, register } from 'prom-client';
import request from 'supertest';
import { notConfigured } from '../../../exporter/src/health/not-configured';
import { healthRoutes } from '../../../exporter/src/health/routes';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';
import { DURATION_BUCKETS, redMetrics } from '../../../lib/http/red-metrics';
import { samples, sampleValue } from '../../support/metrics';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An app with the middleware, the real health routes, a few test routes and a 404 fallback. */
function instrumentedApp(extra: (app: Express) => void = () => {}) {
  const registry = new Registry();
  const app = express();
  app.use(redMetrics(registry));
  app.use(
    healthRoutes({
      version: '1.0.0',
      checks: [notConfigured('db'), notConfigured('redis')],
      timeoutMs: 200,
      lifecycle: createLifecycle(),
    }),
  );
  extra(app);
  app.use((_req, res) => {
    res.status(404).json({ status: 'error' });
  });
  return { app, registry };
}

async function listen(app: Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('redMetrics', () => {
  it('labels requests with the route template, not the raw path: one series for /health/db and /health/redis', async () => {
    const { app, registry } = instrumentedApp();
    await request(app).get('/health/db').expect(503);
    await request(app).get('/health/redis').expect(503);
    const series = (await samples(registry)).filter((s) => s.name === 'http_requests_total');
    expect(series).toEqual([
      {
        name: 'http_requests_total',
        labels: { method: 'GET', route: '/health/:check', status: '503' },
        value: 2,
      },
    ]);
  });

  it('labels requests no route matched "unmatched", whatever their path', async () => {
    const { app, registry } = instrumentedApp();
    await request(app).get('/wp-login.php').expect(404);
    await request(app).get('/.env?x=1').expect(404);
    expect(await sampleValue(registry, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(2);
    const routes = (await samples(registry)).map((s) => s.labels.route);
    expect(routes).not.toContain('/wp-login.php');
  });

  it('prefixes the mount path of a router, and a router root is the mount path itself', async () => {
    const { app, registry } = instrumentedApp((app) => {
      const api = Router();
      api.get('/', (_req, res) => void res.send('index'));
      api.get('/items/:id', (_req, res) => void res.send('item'));
      app.use('/api', api);
    });
    await request(app).get('/api/items/42').expect(200);
    await request(app).get('/api/items/43').expect(200);
    await request(app).get('/api').expect(200);
    expect(await sampleValue(registry, 'http_requests_total', { route: '/api/items/:id' })).toBe(2);
    expect(await sampleValue(registry, 'http_requests_total', { route: '/api' })).toBe(1);
  });

  it('records the status a handler failed with, under its route', async () => {
    const { app, registry } = instrumentedApp((app) => {
      app.get('/boom', () => {
        throw new Error('boom');
      });
    });
    await request(app).get('/boom').expect(500);
    expect(await sampleValue(registry, 'http_requests_total', { route: '/boom', status: '500' })).toBe(1);
  });

  it('upper-cases known methods and buckets any other as "other"', async () => {
    const { app, registry } = instrumentedApp((app) => {
      app.all('/dav', (_req, res) => void res.send('ok'));
    });
    await request(app).post('/dav').expect(200);
    const { server, port } = await listen(app);
    try {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/dav', method: 'PROPFIND' }, (res) => {
          res.resume().once('end', resolve);
        });
        req.once('error', reject).end();
      });
    } finally {
      server.close();
    }
    expect(await sampleValue(registry, 'http_requests_total', { route: '/dav', method: 'POST' })).toBe(1);
    expect(await sampleValue(registry, 'http_requests_total', { route: '/dav', method: 'other' })).toBe(1);
  });

  it('observes durations in the histogram buckets, with bounds around the 2 s alert threshold', async () => {
    const { app, registry } = instrumentedApp((app) => {
      app.get('/slow', async (_req, res) => {
        await sleep(30);
        res.send('done');
      });
    });
    const sent = performance.now();
    await request(app).get('/slow').expect(200);
    const clientSeconds = (performance.now() - sent) / 1000;
    const bucket = (le: number | string) =>
      sampleValue(registry, 'http_request_duration_seconds_bucket', { route: '/slow', le });
    expect(await sampleValue(registry, 'http_request_duration_seconds_count', { route: '/slow' })).toBe(1);
    // One observation, so the sum is its duration: at least the handler's 30 ms, and in seconds, not
    // milliseconds: no more than the client waited for the answer, however long a loaded machine took.
    const observed =
      (await sampleValue(registry, 'http_request_duration_seconds_sum', { route: '/slow' })) ?? NaN;
    expect(observed).toBeGreaterThanOrEqual(0.025);
    expect(observed).toBeLessThanOrEqual(clientSeconds);
    // Each bucket counts it exactly when its bound is at or above it.
    expect(await bucket(0.025)).toBe(0);
    for (const le of DURATION_BUCKETS)
      expect({ le, count: await bucket(le) }).toEqual({ le, count: observed <= le ? 1 : 0 });
    expect(await bucket('+Inf')).toBe(1);
    expect(DURATION_BUCKETS).toEqual(expect.arrayContaining([1.5, 2, 2.5]));
  });

  it('counts a request in flight while it is served, and back to 0 once answered', async () => {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let served = () => {};
    const serving = new Promise<void>((resolve) => {
      served = resolve;
    });
    const { app, registry } = instrumentedApp((app) => {
      app.get('/wait', async (_req, res) => {
        served();
        await released;
        res.send('done');
      });
    });
    expect(await sampleValue(registry, 'http_requests_in_flight')).toBe(0);
    const answer = request(app)
      .get('/wait')
      .then((res) => res.status);
    // The middleware counts the request before its handler runs: once the handler runs, it is in flight.
    await serving;
    expect(await sampleValue(registry, 'http_requests_in_flight')).toBe(1);
    release();
    expect(await answer).toBe(200);
    expect(await sampleValue(registry, 'http_requests_in_flight')).toBe(0);
  });

  it('records 499 when the client hangs up before the answer, and leaves the in-flight count', async () => {
    let hungUp = () => {};
    const closed = new Promise<void>((resolve) => {
      hungUp = resolve;
    });
    let served = () => {};
    const serving = new Promise<void>((resolve) => {
      served = resolve;
    });
    const { app, registry } = instrumentedApp((app) => {
      app.get('/never', (req) => {
        req.socket.once('close', () => setImmediate(hungUp));
        served();
      });
    });
    const { server, port } = await listen(app);
    try {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/never' });
      req.on('error', () => {});
      req.end();
      // Hang up only once the server is serving it, so it is a request the client abandoned.
      await serving;
      expect(await sampleValue(registry, 'http_requests_in_flight')).toBe(1);
      req.destroy();
      await closed;
    } finally {
      server.close();
    }
    expect(await sampleValue(registry, 'http_requests_total', { route: '/never', status: '499' })).toBe(1);
    expect(await sampleValue(registry, 'http_requests_in_flight')).toBe(0);
  });

  it('registers on the registry it is given only, never the global one', () => {
    const { registry } = instrumentedApp();
    expect(registry.getSingleMetric('http_requests_total')).toBeDefined();
    expect(register.getSingleMetric('http_requests_total')).toBeUndefined();
  });
});
