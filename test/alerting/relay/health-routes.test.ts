import express from 'express';
import request from 'supertest';
import { healthRoutes, type Readiness } from '../../../alerting/relay/health-routes';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';

function app(readiness: Readiness) {
  const lifecycle = createLifecycle();
  return {
    server: express().use(healthRoutes({ version: '1.2.3', lifecycle, readiness: () => readiness })),
    lifecycle,
  };
}

const ready: Readiness = {
  queue: { depth: 0, max: 10 },
  spool: 'file',
  telegram: { status: 'error', reason: 'connection refused', at: Date.parse('2026-02-18T10:30:00Z') },
};

describe('relay health', () => {
  it('answers liveness without looking at anything', async () => {
    const res = await request(app({ ...ready, queue: { depth: 10, max: 10 } }).server).get('/health');
    expect([res.status, res.body, res.headers['cache-control']]).toEqual([
      200,
      { status: 'ok', version: '1.2.3' },
      'no-store',
    ]);
  });

  it('is ready while Telegram is unreachable, and reports it', async () => {
    const res = await request(app(ready).server).get('/health/ready');
    expect([res.status, res.body]).toEqual([
      200,
      {
        status: 'ok',
        queue: { depth: 0, max: 10 },
        spool: 'file',
        telegram: { status: 'error', reason: 'connection refused', at: '2026-02-18T10:30:00.000Z' },
      },
    ]);
  });

  it('is not ready with a full queue, a missing spool, nor while shutting down', async () => {
    const full = await request(app({ ...ready, queue: { depth: 10, max: 10 } }).server).get('/health/ready');
    expect([full.status, full.body.status, full.body.reason]).toEqual([503, 'error', 'queue full']);
    const missing = await request(app({ ...ready, spool: 'missing' }).server).get('/health/ready');
    expect([missing.status, missing.body.reason, missing.body.spool]).toEqual([
      503,
      'spool missing',
      'missing',
    ]);
    const { server, lifecycle } = app(ready);
    lifecycle.beginDraining();
    const draining = await request(server).get('/health/ready');
    expect([draining.status, draining.body]).toEqual([503, { status: 'error', reason: 'shutting down' }]);
  });
});
