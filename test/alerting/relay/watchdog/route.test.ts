import express from 'express';
import request from 'supertest';
import { watchdogRoute } from '../../../../alerting/relay/watchdog/route';
import { testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { capturedLogger } from '../../../support/captured-logger';

const TOKEN = 'relay-secret-token';
const watchdogAlert = (status: 'firing' | 'resolved' = 'firing') =>
  testAlert({ status, labels: { alertname: 'Watchdog', severity: 'none', env: 'production' } });

function app(options: { token?: string; bodyLimitBytes?: number } = {}) {
  let seen = 0;
  const captured = capturedLogger({ level: 'debug' });
  const server = express().use(
    watchdogRoute({
      seen: () => {
        seen++;
      },
      token: options.token,
      bodyLimitBytes: options.bodyLimitBytes ?? 4096,
      logger: captured.logger,
    }),
  );
  return { server, seen: () => seen, ...captured };
}

const post = (server: express.Express) => request(server).post('/alertmanager/watchdog');

describe('POST /alertmanager/watchdog', () => {
  it('records a firing Watchdog as a sign of life', async () => {
    const { server, seen } = app({ token: TOKEN });
    const res = await post(server)
      .set('Authorization', `Bearer ${TOKEN}`)
      .send(webhookPayload([watchdogAlert()], { receiver: 'watchdog' }));
    expect([res.status, res.body]).toEqual([200, { status: 'ok', alive: true }]);
    expect(seen()).toBe(1);
  });

  it('does not count a resolved Watchdog (Prometheus stopped sending it)', async () => {
    const { server, seen, records } = app();
    const res = await post(server).send(webhookPayload([watchdogAlert('resolved')]));
    expect([res.status, res.body]).toEqual([200, { status: 'ok', alive: false }]);
    expect(seen()).toBe(0);
    expect(records()).toContainEqual(expect.objectContaining({ level: 'WARNING', logger: 'relay.watchdog' }));
  });

  it('checks the bearer token as the webhook does', async () => {
    const { server, seen } = app({ token: TOKEN });
    const payload = webhookPayload([watchdogAlert()]);
    expect((await post(server).send(payload)).status).toBe(401);
    expect((await post(server).set('Authorization', 'Bearer nope').send(payload)).body).toEqual({
      status: 'error',
      reason: 'invalid bearer token',
    });
    expect(seen()).toBe(0);
  });

  it('refuses what is not Alertmanager’s version 4 payload, naming the field', async () => {
    const { server, seen } = app();
    const wrongVersion = await post(server).send(webhookPayload([watchdogAlert()], { version: '3' as '4' }));
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.reason).toMatch(/^version: /);
    const noAlerts = await post(server).send({ ...webhookPayload([watchdogAlert()]), alerts: [] });
    expect([noAlerts.status, noAlerts.body.reason]).toEqual([400, 'alerts: must hold at least one alert']);
    const malformed = await post(server).set('Content-Type', 'application/json').send('{"version":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.reason).toMatch(/^malformed JSON/);
    const text = await post(server).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(seen()).toBe(0);
  });

  it('refuses a body over RELAY_BODY_LIMIT_BYTES with 413', async () => {
    const { server, seen } = app({ bodyLimitBytes: 1024 });
    const big = watchdogAlert();
    big.annotations.description = 'x'.repeat(2000);
    const res = await post(server).send(webhookPayload([big]));
    expect([res.status, res.body]).toEqual([413, { status: 'error', reason: 'body larger than 1024 bytes' }]);
    expect(seen()).toBe(0);
  });
});
