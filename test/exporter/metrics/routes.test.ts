import express from 'express';
import { Counter } from 'prom-client';
import request from 'supertest';
import { metricsRoutes } from '../../../exporter/src/metrics/routes';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics, promtoolParseOpenMetrics } from '../../support/metrics';

const TOKEN = 'scrape-token-123';
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function metricsApp(token?: string) {
  const registry = createRegistry();
  new Counter({ name: 'demo_events_total', help: 'Demo events.', registers: [registry] }).inc(2);
  const app = express();
  app.use(metricsRoutes({ registry, token }));
  return { app, registry };
}

describe('metricsRoutes', () => {
  it('answers Prometheus text 0.0.4 by default, never cached', async () => {
    const { app } = metricsApp();
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.vary).toBe('Accept');
    expect(res.text).toContain('\ndemo_events_total 2\n');
    expect(promtoolCheckMetrics(res.text)).toEqual({ status: 0, output: '' });
  });

  it('answers OpenMetrics 1.0.0 to a scraper that asks for it, ending with # EOF', async () => {
    const { app } = metricsApp();
    const res = await request(app).get('/metrics').set('Accept', PROMETHEUS_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE demo_events counter\ndemo_events_total 2\n');
    expect(res.text.trimEnd().split('\n').at(-1)).toBe('# EOF');
    expect(res.text.endsWith('# EOF\n')).toBe(true);
    expect(promtoolParseOpenMetrics(res.text).status).toBe(0);
  });

  it('still answers Prometheus text after an OpenMetrics scrape (counters keep _total)', async () => {
    const { app } = metricsApp();
    await request(app).get('/metrics').set('Accept', 'application/openmetrics-text');
    const res = await request(app).get('/metrics');
    expect(res.text).toContain('# TYPE demo_events_total counter\ndemo_events_total 2\n');
  });

  describe('with a token', () => {
    it('answers 401 with WWW-Authenticate: Bearer and a JSON reason without one', async () => {
      const { app } = metricsApp(TOKEN);
      const res = await request(app).get('/metrics');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({ status: 'error', reason: 'bearer token required' });
      expect(res.text).not.toContain('demo_events');
    });

    it('answers 401 to a wrong token', async () => {
      const { app } = metricsApp(TOKEN);
      const res = await request(app).get('/metrics').set('Authorization', 'Bearer not-the-token');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toEqual({ status: 'error', reason: 'invalid bearer token' });
    });

    it('answers 200 to the right token', async () => {
      const { app } = metricsApp(TOKEN);
      const res = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('demo_events_total 2');
    });
  });
});
