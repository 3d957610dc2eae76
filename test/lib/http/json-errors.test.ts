import express from 'express';
import request from 'supertest';
import { jsonErrors, notFound } from '../../../lib/http/json-errors';
import { capturedLogger } from '../../support/captured-logger';

function app() {
  const captured = capturedLogger({ level: 'info' });
  const server = express();
  server.get('/boom', () => {
    throw new Error('db password hunter2 at 10.0.0.5');
  });
  server.get('/teapot', () => {
    throw Object.assign(new Error('no coffee'), { status: 418 });
  });
  server.use(notFound);
  server.use(jsonErrors(captured.logger));
  return { server, ...captured };
}

describe('json errors', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await request(app().server).delete('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ status: 'error', reason: 'no route for DELETE /nope' });
  });

  it('answers a thrown error with 500 and a short reason, the details only in the log', async () => {
    const { server, lines } = app();
    const res = await request(server).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ status: 'error', reason: 'internal error' });
    expect(res.text).not.toContain('hunter2');
    expect(lines.join('')).toContain('Unhandled error while serving a request');
  });

  it("keeps a client error's status without logging it", async () => {
    const { server, lines } = app();
    const res = await request(server).get('/teapot');
    expect(res.status).toBe(418);
    expect(res.body).toEqual({ status: 'error', reason: 'bad request' });
    expect(lines).toEqual([]);
  });
});
