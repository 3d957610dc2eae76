import request from 'supertest';
import { createExporterApp } from '../../exporter/src/app';
import { notConfigured } from '../../exporter/src/health/not-configured';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { capturedLogger } from '../support/captured-logger';

function exporterApp() {
  const captured = capturedLogger({ level: 'info' });
  const app = createExporterApp({
    version: '1.0.0',
    logger: captured.logger,
    checks: [notConfigured('db')],
    healthTimeoutMs: 500,
    lifecycle: createLifecycle(),
  });
  return { app, ...captured };
}

describe('exporter app', () => {
  it('serves the health routes behind request logging with the exporter.http logger', async () => {
    const { app, records } = exporterApp();
    const res = await request(app).get('/health/db');
    expect(res.status).toBe(503);
    expect(res.headers['x-request-id']).toMatch(/^req-/);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(records()).toEqual([]); // probe paths are quiet at INFO
  });

  it('answers unknown routes with a JSON 404, logged as a completed request', async () => {
    const { app, records } = exporterApp();
    const res = await request(app).post('/nope?secret=1');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'error', reason: 'no route for POST /nope' });
    expect(records().map((r) => [r.logger, r.message, r.status_code])).toEqual([
      ['exporter.http', 'Request received', undefined],
      ['exporter.http', 'Request completed', 404],
    ]);
  });
});
