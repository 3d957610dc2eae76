import type { LastRun } from '../../../alerting/summary/status';
import { type StatusServer, startStatusServer } from '../../../alerting/summary/status-server';
import { freePort } from '../../support/ports';

const nextRun = new Date('2026-03-03T01:00:00.000Z');
let lastRun: LastRun | undefined;
let nextRunOf: Date | undefined;
let server: StatusServer | undefined;
let base = '';

beforeEach(async () => {
  lastRun = undefined;
  nextRunOf = nextRun;
  const port = await freePort();
  server = await startStatusServer({
    port,
    status: {
      get lastRun() {
        return lastRun;
      },
    },
    schedule: { nextRun: () => nextRunOf },
  });
  base = `http://127.0.0.1:${port}`;
});
afterEach(() => server?.close());

async function get(path: string, method = 'GET') {
  const response = await fetch(`${base}${path}`, { method });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: text ? JSON.parse(text) : undefined,
  };
}

describe('GET /health', () => {
  it('is healthy before the first run, saying when it is due', async () => {
    expect(await get('/health')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: { status: 'ok', next_run: '2026-03-03T01:00:00.000Z', last_run: null },
    });
  });

  it('is healthy after a sent summary, also one that could not read the history', async () => {
    lastRun = { at: new Date('2026-03-02T01:00:07.000Z'), sent: true, historyRead: false };
    expect(await get('/health')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      body: {
        status: 'ok',
        next_run: '2026-03-03T01:00:00.000Z',
        last_run: { at: '2026-03-02T01:00:07.000Z', sent: true, history_read: false },
      },
    });
  });

  it('answers 503 once a run was not sent, until one is', async () => {
    lastRun = { at: new Date('2026-03-02T01:07:00.000Z'), sent: false, historyRead: true };
    expect(await get('/health')).toEqual({
      status: 503,
      type: 'application/json; charset=utf-8',
      body: {
        status: 'error',
        reason: 'last summary was not sent',
        next_run: '2026-03-03T01:00:00.000Z',
        last_run: { at: '2026-03-02T01:07:00.000Z', sent: false, history_read: true },
      },
    });
    lastRun = { at: new Date('2026-03-03T01:00:05.000Z'), sent: true, historyRead: true };
    expect((await get('/health')).status).toBe(200);
  });

  it('says next_run null once the schedule stopped', async () => {
    nextRunOf = undefined;
    expect((await get('/health')).body).toEqual({ status: 'ok', next_run: null, last_run: null });
  });

  it('answers HEAD with the status alone, and ignores a query string', async () => {
    lastRun = { at: new Date('2026-03-02T01:07:00.000Z'), sent: false, historyRead: true };
    expect(await get('/health', 'HEAD')).toMatchObject({ status: 503, body: undefined });
    expect((await get('/health?probe=docker')).status).toBe(503);
  });
});

it('answers anything else with a JSON 404', async () => {
  expect(await get('/metrics')).toMatchObject({
    status: 404,
    body: { status: 'error', reason: 'no route for GET /metrics' },
  });
  expect((await get('/health', 'POST')).status).toBe(404);
});

it('refuses to start on a port already taken', async () => {
  const port = Number(new URL(base).port);
  const taken = startStatusServer({
    port,
    status: { lastRun: undefined },
    schedule: { nextRun: () => nextRun },
  });
  await expect(taken).rejects.toMatchObject({ code: 'EADDRINUSE' });
});

it('closes: the port refuses connections afterwards', async () => {
  await server?.close();
  server = undefined;
  await expect(fetch(`${base}/health`)).rejects.toThrow();
});
