import express from 'express';
import request from 'supertest';
import { requestLogging } from '../../../lib/http/request-logging';
import type { LevelName } from '../../../lib/logging/levels';
import { capturedLogger } from '../../support/captured-logger';
import { waitFor } from '../../support/wait';

function appLoggingAt(level: LevelName) {
  const captured = capturedLogger({ level });
  const app = express();
  app.use(requestLogging(captured.logger.child({ logger: 'test.http' })));
  app.get('/api/v1/bookings', (_req, res) => {
    res.locals.log.info('handler ran');
    res.status(201).json({ ok: true });
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/slow', (_req, res) => {
    setTimeout(() => res.json({ late: true }), 50);
  });
  app.get('/never', () => {
    // Never answers: only the client hanging up ends the request.
  });
  return { app, ...captured };
}

describe('requestLogging', () => {
  it('logs the spec events "Request received" and "Request completed" with their fields', async () => {
    const { app, records } = appLoggingAt('info');
    const res = await request(app)
      .get('/api/v1/bookings?token=abc')
      .set('User-Agent', 'ClickyApp/1.0')
      .set('X-Request-ID', 'req-abc123');
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-abc123');

    const [received, handler, completed] = records();
    expect(received).toEqual({
      timestamp: expect.any(String),
      level: 'INFO',
      logger: 'test.http',
      message: 'Request received',
      request_id: 'req-abc123',
      method: 'GET',
      path: '/api/v1/bookings',
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      user_agent: 'ClickyApp/1.0',
    });
    expect(handler).toMatchObject({ message: 'handler ran', request_id: 'req-abc123' });
    expect(completed).toEqual({
      timestamp: expect.any(String),
      level: 'INFO',
      logger: 'test.http',
      message: 'Request completed',
      request_id: 'req-abc123',
      method: 'GET',
      path: '/api/v1/bookings',
      status_code: 201,
      duration_ms: expect.any(Number),
    });
  });

  it('never logs the query string, where tokens and signatures travel', async () => {
    const { app, lines } = appLoggingAt('info');
    await request(app).get('/api/v1/bookings?X-Amz-Signature=deadbeef&token=abc');
    expect(lines.join('')).not.toMatch(/deadbeef|token=abc/);
  });

  it('generates a request id when the incoming one is missing or malformed, and echoes it', async () => {
    const { app, records } = appLoggingAt('info');
    const res = await request(app).get('/api/v1/bookings').set('X-Request-ID', 'bad id {"x":1}');
    const id = res.headers['x-request-id'];
    expect(id).toMatch(/^req-[0-9a-f]{16}$/);
    expect(records().map((r) => r.request_id)).toEqual([id, id, id]);
  });

  it('measures the duration of the request', async () => {
    const { app, records } = appLoggingAt('info');
    await request(app).get('/slow');
    const completed = records().find((r) => r.message === 'Request completed');
    expect(completed?.duration_ms).toBeGreaterThanOrEqual(45);
  });

  it('keeps probe paths out of the log unless DEBUG is on', async () => {
    const quiet = appLoggingAt('info');
    await request(quiet.app).get('/health');
    expect(quiet.lines).toEqual([]);

    const debug = appLoggingAt('debug');
    await request(debug.app).get('/health');
    expect(debug.records().map((r) => r.message)).toEqual(['Request received', 'Request completed']);
  });

  it('logs a client that hung up as status 499', async () => {
    const { app, records } = appLoggingAt('info');
    const server = app.listen(0);
    const port = (server.address() as { port: number }).port;
    const controller = new AbortController();
    const pending = fetch(`http://127.0.0.1:${port}/never`, { signal: controller.signal }).catch(
      () => undefined,
    );
    const logged = (message: string) => () => records().some((r) => r.message === message);
    await waitFor('the request to arrive', logged('Request received'));
    controller.abort();
    await pending;
    await waitFor('the request to complete', logged('Request completed'));
    server.closeAllConnections();
    server.close();
    expect(records().find((r) => r.message === 'Request completed')).toMatchObject({ status_code: 499 });
  });
});
