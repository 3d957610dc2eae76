/**
 * The fake API the chaos stack scrapes as `clicky-api` and probes with blackbox. INTERIM: a minimal
 * app serving the RED series the rules read, until contracts/fixture-api.ts (branch `contracts`) lands;
 * then this file only adapts that one to the knobs below.
 */
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Counter, Histogram } from 'prom-client';
import { DURATION_BUCKETS } from '../../lib/http/red-metrics';
import { createRegistry } from '../../lib/metrics/registry';

export interface ChaosApi {
  /** host:port, scraped as clicky-api. */
  readonly hostPort: string;
  /** Every request answers 500 (but /health, /metrics) while on. */
  failRequests(on: boolean): void;
  /** /metrics stops serving the contract's series (the app's instrumentation lost) while on. */
  dropSeries(on: boolean): void;
  /** Sends `count` requests to an API route, as users would, spread over `overMs`. */
  traffic(count: number, overMs: number): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const ROUTE = '/bookings';

export async function startChaosApi(): Promise<ChaosApi> {
  const registry = createRegistry({ defaultMetrics: false });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests answered.',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Request duration.',
    labelNames: ['method', 'route', 'status'],
    buckets: [...DURATION_BUCKETS],
    registers: [registry],
  });
  let failing = false;
  let dropped = false;
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://api').pathname;
    if (path === '/metrics') {
      const body = dropped ? '' : await registry.metrics();
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(body);
      return;
    }
    const status = path.startsWith('/health') ? 200 : failing ? 500 : path === ROUTE ? 200 : 404;
    const route = path.startsWith('/health') ? path : path === ROUTE ? ROUTE : 'unmatched';
    const labels = { method: req.method ?? 'GET', route, status: String(status) };
    requests.inc(labels);
    durations.observe(labels, 0.005);
    res.writeHead(status, { 'Content-Type': 'application/json' }).end('{}');
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // Seed the series, as a running app has them before its first error.
  requests.inc({ method: 'GET', route: ROUTE, status: '200' }, 0);
  return {
    hostPort: `127.0.0.1:${port}`,
    failRequests: (on) => {
      failing = on;
    },
    dropSeries: (on) => {
      dropped = on;
    },
    async traffic(count, overMs) {
      for (let i = 0; i < count; i++) {
        const response = await fetch(`http://127.0.0.1:${port}${ROUTE}`).catch(() => undefined);
        await response?.body?.cancel();
        await sleep(overMs / count);
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    async start() {
      if (!server.listening) await listen(port);
    },
  };
}
