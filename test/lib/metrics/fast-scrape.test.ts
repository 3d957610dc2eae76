import type { RequestListener } from 'node:http';
import express from 'express';
import { Counter } from 'prom-client';
import request from 'supertest';
import { redMetrics } from '../../../lib/http/red-metrics';
import { requestLogging } from '../../../lib/http/request-logging';
import type { LevelName } from '../../../lib/logging/levels';
import { fastScrape } from '../../../lib/metrics/fast-scrape';
import { createRegistry } from '../../../lib/metrics/registry';
import type { ScrapeCache } from '../../../lib/metrics/scrape-cache';
import { createScrapeCache } from '../../../lib/metrics/scrape-cache';
import { capturedLogger } from '../../support/captured-logger';
import { sampleValue } from '../../support/metrics';

const TOKEN = 'scrape-token-123';

/** Express answering every request with 418 (so a test sees who answered), behind the fast path. */
function setup(options: { token?: string; level?: LevelName; cache?: ScrapeCache } = {}) {
  const registry = createRegistry({ defaultMetrics: false });
  new Counter({ name: 'demo_events_total', help: 'Demo events.', registers: [registry] }).inc(2);
  const { logger, records } = capturedLogger({ level: options.level ?? 'info' });
  const red = redMetrics(registry);
  const app = express();
  app.use(requestLogging(logger), red);
  app.use((_req, res) => void res.status(418).json({ answered_by: 'express' }));
  const cache = options.cache ?? createScrapeCache(registry, { maxAgeMs: 0 });
  const fast = fastScrape({ cache, token: options.token, red, logger });
  const handler: RequestListener = (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
  return { handler, registry, records };
}

describe('fastScrape', () => {
  it('answers a plain scrape itself, with a request id, counted in the RED metrics as /metrics', async () => {
    const { handler, registry, records } = setup();
    const res = await request(handler).get('/metrics').set('X-Request-ID', 'req-scrape-1');
    expect(res.status).toBe(200);
    expect(res.text).toContain('\ndemo_events_total 2\n');
    expect(res.headers['x-request-id']).toBe('req-scrape-1');
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const labels = { method: 'GET', route: '/metrics', status: '200' };
    expect(await sampleValue(registry, 'http_requests_total', labels)).toBe(1);
    expect(await sampleValue(registry, 'http_request_duration_seconds_count', labels)).toBe(1);
    expect(records()).toEqual([]);
  });

  it('answers HEAD too, without a body', async () => {
    const res = await request(setup().handler).head('/metrics');
    expect([res.status, res.text]).toEqual([200, undefined]);
  });

  it.each([
    ['another path', 'GET', '/metrics/summary'],
    ['a query string', 'GET', '/metrics?debug=1'],
    ['another method', 'POST', '/metrics'],
  ])('leaves %s to Express', async (_what, method, path) => {
    const res = await request(setup().handler)[method === 'POST' ? 'post' : 'get'](path);
    expect(res.status).toBe(418);
  });

  it('takes a scrape with the right token, and leaves a missing or wrong one to Express', async () => {
    const { handler } = setup({ token: TOKEN });
    expect((await request(handler).get('/metrics').set('Authorization', `Bearer ${TOKEN}`)).status).toBe(200);
    expect((await request(handler).get('/metrics')).status).toBe(418);
    expect((await request(handler).get('/metrics').set('Authorization', 'Bearer wrong-token')).status).toBe(
      418,
    );
  });

  it('leaves scrapes to Express while the logger is at DEBUG, so they are logged', async () => {
    const { handler, records } = setup({ level: 'debug' });
    expect((await request(handler).get('/metrics')).status).toBe(418);
    expect(records().map((r) => r.message)).toEqual(['Request received', 'Request completed']);
  });

  it('answers 500 with a JSON reason and logs the error when rendering fails', async () => {
    const cache: ScrapeCache = { get: () => Promise.reject(new Error('collect failed')) };
    const { handler, records } = setup({ cache });
    const res = await request(handler).get('/metrics');
    expect([res.status, res.body]).toEqual([500, { status: 'error', reason: 'internal error' }]);
    expect(records()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'Unhandled error while serving a request' }),
    ]);
  });
});
