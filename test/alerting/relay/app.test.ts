import request from 'supertest';
import { createRelayApp } from '../../../alerting/relay/app';
import type { Intake } from '../../../alerting/relay/intake';
import { relayMetrics } from '../../../alerting/relay/metrics';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';
import { createRegistry } from '../../../lib/metrics/registry';
import { testAlert, webhookPayload } from '../../support/alertmanager-payload';
import { capturedLogger } from '../../support/captured-logger';

function relayApp(options: { metricsToken?: string } = {}) {
  const captured = capturedLogger({ level: 'info' });
  const registry = createRegistry({ defaultMetrics: false });
  relayMetrics(registry);
  const intake: Intake = {
    accept: async (alerts) => ({ ok: true, accepted: alerts.length, deduplicated: 0 }),
  };
  const app = createRelayApp({
    version: '1.0.0',
    logger: captured.logger,
    lifecycle: createLifecycle(),
    intake,
    readiness: () => ({ queue: { depth: 0, max: 1 }, spool: 'memory', telegram: { status: 'unknown' } }),
    registry,
    bodyLimitBytes: 1024 * 1024,
    ...options,
  });
  return { app, ...captured };
}

describe('relay app', () => {
  it('serves health quietly and logs webhook requests with the relay.http logger', async () => {
    const { app, records } = relayApp();
    expect((await request(app).get('/health')).body).toEqual({ status: 'ok', version: '1.0.0' });
    expect(records()).toEqual([]);
    const res = await request(app)
      .post('/alertmanager/webhook')
      .send(webhookPayload([testAlert()]));
    expect(res.status).toBe(200);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(records().map((r) => [r.logger, r.message])).toEqual([
      ['relay.http', 'Request received'],
      ['relay.webhook', 'Alertmanager notification accepted'],
      ['relay.http', 'Request completed'],
    ]);
  });

  it('answers unknown routes and methods with a JSON 404', async () => {
    const { app } = relayApp();
    const res = await request(app).get('/alertmanager/webhook');
    expect([res.status, res.body]).toEqual([
      404,
      { status: 'error', reason: 'no route for GET /alertmanager/webhook' },
    ]);
  });

  it('serves /metrics with RED metrics, behind METRICS_TOKEN when set', async () => {
    const { app } = relayApp({ metricsToken: 'scrape' });
    expect((await request(app).get('/metrics')).status).toBe(401);
    await request(app).get('/health');
    const res = await request(app).get('/metrics').set('Authorization', 'Bearer scrape');
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_requests_total{method="GET",route="/health",status="200"} 1');
    expect(res.text).toContain('relay_queue_depth 0');
    const open = await request(app)
      .get('/metrics')
      .set('Authorization', 'Bearer scrape')
      .set('Accept', 'application/openmetrics-text; version=1.0.0');
    expect(open.headers['content-type']).toMatch(/^application\/openmetrics-text/);
  });
});
