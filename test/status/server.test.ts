import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderAnswers } from '../../status/answers';
import { createStatusCache } from '../../status/cache';
import type { Snapshot } from '../../status/model';
import { statusHandler } from '../../status/server';
import { capturedLogger } from '../support/captured-logger';
import { monitor, NOW, snapshot } from './support/snapshot';

const monitors = [
  { name: 'api-health', friendlyName: 'API Health' },
  { name: 'website', friendlyName: 'Website' },
];
const settings = { foundation: 'Clicky Foundation', timeZone: 'Asia/Jakarta', staleAfterSeconds: 130 };

let server: Server;
let base: string;
let clock: number;
let collect: () => Promise<Snapshot>;

beforeEach(async () => {
  clock = NOW * 1000;
  collect = async () => snapshot({ monitors: [monitor({ state: 'down' })] });
  const cache = createStatusCache({
    collect: () => collect(),
    render: (view) => renderAnswers(settings, monitors, view),
    intervalMs: 60_000,
    clock: () => clock,
    logger: capturedLogger().logger,
  });
  await cache.refresh();
  server = createServer(statusHandler({ cache, healthMaxAgeMs: 300_000, clock: () => clock }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('the page, with a CSP allowing its own style sheet only', async () => {
  const res = await fetch(`${base}/?utm_source=x`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-[^']+'/);
  expect(await res.text()).toContain('<span class="state down">Down</span>');
});

test('/status.json, /feed.atom and a badge per declared monitor', async () => {
  const json = await fetch(`${base}/status.json`);
  expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(((await json.json()) as { overall: string }).overall).toBe('major_outage');
  const feed = await fetch(`${base}/feed.atom`);
  expect(feed.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const badge = await fetch(`${base}/badge/api-health.svg`);
  expect(badge.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  expect(await badge.text()).toContain('>down</text>');
  // Declared but not in the snapshot: a badge saying so, not a 404.
  expect(await (await fetch(`${base}/badge/website.svg`)).text()).toContain('>no data</text>');
});

test('unknown paths get 404 and other methods 405, with a reason', async () => {
  const missing = await fetch(`${base}/badge/nope.svg`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ status: 'error', reason: 'no monitor at /badge/nope.svg' });
  expect((await fetch(`${base}/admin`)).status).toBe(404);
  const post = await fetch(`${base}/`, { method: 'POST' });
  expect(post.status).toBe(405);
  expect(post.headers.get('allow')).toBe('GET, HEAD');
});

test('HEAD sends the headers without the body', async () => {
  const res = await fetch(`${base}/`, { method: 'HEAD' });
  expect(res.status).toBe(200);
  expect(Number(res.headers.get('content-length'))).toBeGreaterThan(1000);
  expect(await res.text()).toBe('');
});

test('/health: 200 while refreshes run, Prometheus failing or not; 503 once they stopped', async () => {
  const ok = await fetch(`${base}/health`);
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({
    status: 'ok',
    data_as_of: new Date((NOW - 30) * 1000).toISOString(),
    prometheus: 'ok',
    failing_since: null,
  });
  clock += 400_000;
  const stuck = await fetch(`${base}/health`);
  expect(stuck.status).toBe(503);
  expect(await stuck.json()).toMatchObject({ status: 'error', reason: 'the cache has not been refreshed' });
});
