import type { RequestListener } from 'node:http';
import express from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';
import { bearerCheck } from '../../../lib/http/bearer-token';
import { type FastRoute, probeFastPath } from '../../../lib/http/probe-fast-path';
import { redMetrics } from '../../../lib/http/red-metrics';
import { requestLogging } from '../../../lib/http/request-logging';
import { sendJson } from '../../../lib/http/send-json';
import type { LevelName } from '../../../lib/logging/levels';
import { capturedLogger } from '../../support/captured-logger';
import { sampleValue } from '../../support/metrics';

const TOKEN = 'probe-token-123';
const check = bearerCheck(TOKEN);
const ping: FastRoute = { path: '/ping', serve: (_req, res) => sendJson(res, 200, { pong: true }) };
const guarded: FastRoute = {
  path: '/guarded',
  accepts: (req) => check(req.headers.authorization) === 'ok',
  serve: async (_req, res) => sendJson(res, 200, { secret: 'ok' }),
};

/** Express answering every request with 418 (so a test sees who answered), behind the fast path. */
function setup(options: { level?: LevelName; routes?: FastRoute[] } = {}) {
  const registry = new Registry();
  const { logger, records } = capturedLogger({ level: options.level ?? 'info' });
  const red = redMetrics(registry);
  const app = express();
  app.use(requestLogging(logger), red);
  app.use((_req, res) => void res.status(418).json({ answered_by: 'express' }));
  const fast = probeFastPath({ routes: options.routes ?? [ping, guarded], red, logger });
  const handler: RequestListener = (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
  return { handler, registry, records };
}

describe('probeFastPath', () => {
  it('answers a plain probe itself, with a request id, counted in the RED metrics under its path', async () => {
    const { handler, registry, records } = setup();
    const res = await request(handler).get('/ping').set('X-Request-ID', 'req-probe-1');
    expect([res.status, res.body]).toEqual([200, { pong: true }]);
    expect(res.headers['x-request-id']).toBe('req-probe-1');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const labels = { method: 'GET', route: '/ping', status: '200' };
    expect(await sampleValue(registry, 'http_requests_total', labels)).toBe(1);
    expect(await sampleValue(registry, 'http_request_duration_seconds_count', labels)).toBe(1);
    expect(records()).toEqual([]);
  });

  it('answers HEAD too, without a body', async () => {
    const res = await request(setup().handler).head('/ping');
    expect([res.status, res.text]).toEqual([200, undefined]);
  });

  it.each([
    ['another path', 'GET', '/ping/more'],
    ['a query string', 'GET', '/ping?debug=1'],
    ['another method', 'POST', '/ping'],
  ])('leaves %s to Express', async (_what, method, path) => {
    const res = await request(setup().handler)[method === 'POST' ? 'post' : 'get'](path);
    expect(res.status).toBe(418);
  });

  it('takes what the route accepts, and leaves the rest (a missing or wrong token) to Express', async () => {
    const { handler } = setup();
    const ok = await request(handler).get('/guarded').set('Authorization', `Bearer ${TOKEN}`);
    expect([ok.status, ok.body]).toEqual([200, { secret: 'ok' }]);
    expect((await request(handler).get('/guarded')).status).toBe(418);
    expect((await request(handler).get('/guarded').set('Authorization', 'Bearer wrong')).status).toBe(418);
  });

  it('leaves probes to Express while the logger is at DEBUG, so they are logged', async () => {
    const { handler, records } = setup({ level: 'debug' });
    expect((await request(handler).get('/ping')).status).toBe(418);
    expect(records().map((r) => r.message)).toEqual(['Request received', 'Request completed']);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('boom');
      },
    ],
    ['rejects', () => Promise.reject(new Error('boom'))],
  ])('answers 500 with a JSON reason and logs the error when a route %s', async (_what, serve) => {
    const { handler, records } = setup({ routes: [{ path: '/broken', serve }] });
    const res = await request(handler).get('/broken');
    expect([res.status, res.body]).toEqual([500, { status: 'error', reason: 'internal error' }]);
    expect(records()).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'Unhandled error while serving a request' }),
    ]);
  });
});
