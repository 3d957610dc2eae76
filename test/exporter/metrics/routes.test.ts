import express from 'express';
import { Counter } from 'prom-client';
import request from 'supertest';
import { metricsRoutes } from '../../../exporter/src/metrics/routes';
import { createRegistry } from '../../../lib/metrics/registry';
import { createScrapeCache } from '../../../lib/metrics/scrape-cache';
import { promtoolCheckMetrics, promtoolParseOpenMetrics } from '../../support/metrics';

const TOKEN = 'scrape-token-123';
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function metricsApp(token?: string, cacheMs?: number) {
  const registry = createRegistry();
  const app = express();
  const events = new Counter({ name: 'demo_events_total', help: 'Demo events.', registers: [registry] });
  events.inc(2);
  app.use(metricsRoutes({ cache: createScrapeCache(registry, { maxAgeMs: cacheMs ?? 0 }), token }));
  return { app, registry, events };
}

describe('metricsRoutes', () => {
  it('answers Prometheus text 0.0.4 by default, never cached', async () => {
    const { app } = metricsApp();
    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.vary).toBe('Accept, Accept-Encoding');
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

  it('gzips for a scraper that accepts it, and not for one that refuses it', async () => {
    const { app } = metricsApp();
    const zipped = await request(app).get('/metrics').set('Accept-Encoding', 'gzip');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.text).toContain('\ndemo_events_total 2\n');
    const plain = await request(app).get('/metrics').set('Accept-Encoding', 'gzip;q=0, identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toContain('\ndemo_events_total 2\n');
  });

  it('answers the scrapes within cacheMs from one rendering, each scrape fresh without it', async () => {
    const cached = metricsApp(undefined, 60_000);
    await request(cached.app).get('/metrics');
    cached.events.inc();
    expect((await request(cached.app).get('/metrics')).text).toContain('\ndemo_events_total 2\n');
    const fresh = metricsApp();
    await request(fresh.app).get('/metrics');
    fresh.events.inc();
    expect((await request(fresh.app).get('/metrics')).text).toContain('\ndemo_events_total 3\n');
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
