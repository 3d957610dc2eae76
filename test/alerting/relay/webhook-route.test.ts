import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import type { Intake, IntakeResult } from '../../../alerting/relay/intake';
import { webhookRoute } from '../../../alerting/relay/webhook-route';
import { testAlert, webhookPayload } from '../../support/alertmanager-payload';
import { capturedLogger } from '../../support/captured-logger';

const TOKEN = 'relay-secret-token';

function app(options: { token?: string; result?: IntakeResult; bodyLimitBytes?: number } = {}) {
  const accepted: unknown[][] = [];
  const intake: Intake = {
    accept: async (alerts) => {
      accepted.push([...alerts]);
      return options.result ?? { ok: true, accepted: alerts.length, deduplicated: 0 };
    },
  };
  const captured = capturedLogger({ level: 'info' });
  const server = express().use(
    webhookRoute({
      intake,
      token: options.token,
      bodyLimitBytes: options.bodyLimitBytes ?? 4096,
      logger: captured.logger,
    }),
  );
  return { server, accepted, ...captured };
}

const payload = webhookPayload([testAlert()]);
const post = (server: express.Express) => request(server).post('/alertmanager/webhook');

describe('POST /alertmanager/webhook', () => {
  it('accepts an Alertmanager payload and hands its alerts to the intake', async () => {
    const { server, accepted, records } = app();
    const res = await post(server).send(payload);
    expect([res.status, res.body]).toEqual([200, { status: 'ok', accepted: 1, deduplicated: 0 }]);
    expect(accepted).toEqual([payload.alerts]);
    expect(records()).toContainEqual(
      expect.objectContaining({
        logger: 'relay.webhook',
        message: 'Alertmanager notification accepted',
        alerts: 1,
      }),
    );
  });

  it('requires the bearer token when one is configured', async () => {
    const { server, accepted } = app({ token: TOKEN });
    const missing = await post(server).send(payload);
    expect([missing.status, missing.body]).toEqual([
      401,
      { status: 'error', reason: 'bearer token required' },
    ]);
    const wrong = await post(server).set('Authorization', 'Bearer nope').send(payload);
    expect([wrong.status, wrong.body]).toEqual([401, { status: 'error', reason: 'invalid bearer token' }]);
    expect((await post(server).set('Authorization', `Bearer ${TOKEN}`).send(payload)).status).toBe(200);
    expect(accepted).toHaveLength(1);
  });

  it('checks the token before reading the body', async () => {
    const { server } = app({ token: TOKEN, bodyLimitBytes: 1024 });
    const res = await post(server).set('Content-Type', 'application/json').send('x'.repeat(10_000));
    expect(res.status).toBe(401);
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/x-www-form-urlencoded', 'a=1'],
  ])('answers 415 to %s', async (type, body) => {
    const { server, accepted } = app();
    const res = await post(server).set('Content-Type', type).send(body);
    expect([res.status, res.body]).toEqual([
      415,
      { status: 'error', reason: 'Content-Type must be application/json' },
    ]);
    expect(accepted).toEqual([]);
  });

  it('answers 415 to a charset or an encoding it cannot read', async () => {
    const { server } = app();
    expect(
      (await post(server).set('Content-Type', 'application/json; charset=latin1').send('{}')).status,
    ).toBe(415);
    expect(
      (
        await post(server)
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'compress')
          .send('{}')
      ).status,
    ).toBe(415);
  });

  it.each(['br', 'zstd', 'gzip, br', 'x-unknown'])('answers 415 to Content-Encoding %s', async (encoding) => {
    const { server, accepted } = app();
    const res = await post(server)
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', encoding)
      .send(JSON.stringify(payload));
    expect([res.status, res.body]).toEqual([
      415,
      {
        status: 'error',
        reason: `Content-Encoding ${encoding} is not supported (identity, gzip or deflate)`,
      },
    ]);
    expect(accepted).toEqual([]);
  });

  it('reads gzip and deflate bodies, and says so when one does not match its encoding', async () => {
    const { server, accepted } = app();
    // supertest re-encodes Buffers given with a JSON type: post raw bytes over a socket instead.
    const listening = server.listen(0, '127.0.0.1');
    await new Promise((resolve) => listening.once('listening', resolve));
    const url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}/alertmanager/webhook`;
    const send = (encoding: string, body: Buffer | string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding },
        body,
      }).then(async (res) => [res.status, await res.json()]);
    try {
      const text = JSON.stringify(payload);
      expect(await send('gzip', gzipSync(text))).toEqual([200, expect.objectContaining({ accepted: 1 })]);
      expect(await send('deflate', deflateSync(text))).toEqual([
        200,
        expect.objectContaining({ accepted: 1 }),
      ]);
      expect(accepted).toHaveLength(2);
      expect(await send('gzip', text)).toEqual([
        400,
        { status: 'error', reason: 'body does not match its Content-Encoding' },
      ]);
    } finally {
      await new Promise((resolve) => listening.close(resolve));
    }
  });

  it('refuses a __proto__ label with 400 like any other bad label', async () => {
    const { server, accepted } = app();
    const text = JSON.stringify(payload).replace('"labels":{', '"labels":{"__proto__":{"x":"y"},');
    const res = await post(server).set('Content-Type', 'application/json').send(text);
    expect([res.status, res.body.reason]).toEqual([
      400,
      'alerts[0].labels.__proto__: Invalid input: expected string, received object',
    ]);
    expect(accepted).toEqual([]);
  });

  it('answers 413 past the body limit', async () => {
    const { server, accepted } = app({ bodyLimitBytes: 1024 });
    const big = webhookPayload([testAlert({ annotations: { description: 'x'.repeat(2000) } })]);
    const res = await post(server).send(big);
    expect([res.status, res.body]).toEqual([413, { status: 'error', reason: 'body larger than 1024 bytes' }]);
    expect(accepted).toEqual([]);
  });

  it('answers 400 naming the problem: malformed JSON, or the wrong field', async () => {
    const { server } = app();
    const broken = await post(server).set('Content-Type', 'application/json').send('{"version":');
    expect(broken.status).toBe(400);
    expect(broken.body.reason).toMatch(/^malformed JSON: /);
    const wrong = await post(server).send({
      ...payload,
      alerts: [{ ...payload.alerts[0], status: 'maybe' }],
    });
    expect([wrong.status, wrong.body.reason]).toEqual([
      400,
      'alerts[0].status: Invalid option: expected one of "firing"|"resolved"',
    ]);
    const empty = await post(server).set('Content-Type', 'application/json').send('');
    expect([empty.status, empty.body.reason]).toEqual([400, expect.stringMatching(/^version: /)]);
  });

  it.each(['shutting down', 'queue full', 'spool write failed'] as const)(
    'answers 503 when the alerts cannot be kept (%s), so Alertmanager retries',
    async (reason) => {
      const { server } = app({ result: { ok: false, reason } });
      const res = await post(server).send(payload);
      expect([res.status, res.body, res.headers['retry-after']]).toEqual([
        503,
        { status: 'error', reason },
        '10',
      ]);
    },
  );
});
