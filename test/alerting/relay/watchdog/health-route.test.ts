import express from 'express';
import request from 'supertest';
import { pipelineHealthRoute } from '../../../../alerting/relay/watchdog/health-route';
import type { PipelineStatus } from '../../../../alerting/relay/watchdog/watchdog';

const serve = (status: PipelineStatus) => express().use(pipelineHealthRoute(() => status));

describe('GET /health/pipeline', () => {
  it('answers 200 with the age while the Watchdog is recent', async () => {
    const res = await request(serve({ enabled: true, silent: false, ageSeconds: 42 })).get(
      '/health/pipeline',
    );
    expect([res.status, res.body]).toEqual([200, { status: 'ok', watchdog_age_seconds: 42 }]);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 with the age once the pipeline is silent', async () => {
    const res = await request(serve({ enabled: true, silent: true, ageSeconds: 720 })).get(
      '/health/pipeline',
    );
    expect([res.status, res.body]).toEqual([
      503,
      { status: 'error', reason: 'no Watchdog for 720 s', watchdog_age_seconds: 720 },
    ]);
  });

  it('answers 200 and says so when the watchdog is off', async () => {
    const res = await request(serve({ enabled: false, silent: false, ageSeconds: 9000 })).get(
      '/health/pipeline',
    );
    expect([res.status, res.body]).toEqual([
      200,
      { status: 'ok', watchdog: 'off', watchdog_age_seconds: 9000 },
    ]);
  });
});
