/**
 * A small stand-in for the API: Express with lib/http/red-metrics.ts, so it serves the request series
 * the rules and the admin summary read (`http_requests_total` with `status`), plus knobs to answer
 * 5xx, to fail its readiness and to stop. (Until contracts/fixture-api.ts is on main; then that one.)
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { redMetrics } from '../../lib/http/red-metrics';
import { renderMetrics } from '../../lib/metrics/exposition';
import { createRegistry } from '../../lib/metrics/registry';

export interface RedFixtureApi {
  /** host:port, as a scrape target. */
  address: string;
  url: string;
  /** Whether GET /health/ready answers 200 (true) or 503. */
  setReady(ready: boolean): void;
  /** Sends `count` requests to GET /api/boom, which answers 500. */
  fail(count: number): Promise<void>;
  /** Sends `count` requests to GET /api/ok. */
  succeed(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startRedFixtureApi(): Promise<RedFixtureApi> {
  const registry = createRegistry({ defaultMetrics: false });
  let ready = true;
  const app = express();
  app.use(redMetrics(registry));
  app.get('/health/ready', (_req, res) => void res.status(ready ? 200 : 503).json({ ready }));
  app.get('/api/ok', (_req, res) => void res.json({ ok: true }));
  app.get('/api/boom', (_req, res) => void res.status(500).json({ error: 'boom' }));
  app.get('/metrics', async (_req, res) => {
    const { contentType, body } = await renderMetrics(registry, 'prometheus');
    res.type(contentType).send(body);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `http://${address}`;
  const send = async (path: string, count: number) => {
    for (let i = 0; i < count; i++) await (await fetch(`${url}${path}`)).arrayBuffer();
  };
  return {
    address,
    url,
    setReady: (value) => {
      ready = value;
    },
    fail: (count) => send('/api/boom', count),
    succeed: (count) => send('/api/ok', count),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
