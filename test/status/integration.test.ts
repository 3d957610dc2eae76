/**
 * The status page read from a real Prometheus, fed by real blackbox_exporter probes of one local
 * target up and one down, with the repository's uptime alerts evaluated (support/live-stack.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusJson } from '../../status/model';
import { capturedLogger } from '../support/captured-logger';
import { type LiveStack, refreshUntil, startLiveStack } from './support/live-stack';

// The alert fires within seconds; incidents are read on a one-minute grid.
jest.setTimeout(200_000);

let stack: LiveStack;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'status-live-'));
  stack = await startLiveStack({ logger: capturedLogger().logger, dir });
  await refreshUntil(
    stack,
    "both probes and the down monitor's incident",
    (json) =>
      json.monitors.every((m) => m.state !== 'unknown') &&
      json.incidents.some((i) => i.monitor === stack.down.name),
  );
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const statusJson = async () => (await (await fetch(`${stack.url}/status.json`)).json()) as StatusJson;

test('/status.json: the monitor answering 200 is up, the one answering 503 down, overall a partial outage', async () => {
  const json = await statusJson();
  const state = Object.fromEntries(json.monitors.map((m) => [m.name, m.state]));
  expect(state).toEqual({ [stack.up.name]: 'up', [stack.down.name]: 'down' });
  expect(json.overall).toBe('partial_outage');
  expect(json.stale).toBe(false);
  expect(json.timeZone).toBe('Asia/Jakarta');
});

test("today's bar is 100 % for the monitor up and 0 % for the one down; the 89 days before have no data", async () => {
  const json = await statusJson();
  for (const monitor of json.monitors) {
    expect(monitor.days).toHaveLength(90);
    expect(monitor.days.slice(0, 89).every((d) => d.uptime === null)).toBe(true);
  }
  const today = (name: string) => json.monitors.find((m) => m.name === name)?.days.at(-1)?.uptime;
  expect(today(stack.up.name)).toBe(1);
  expect(today(stack.down.name)).toBe(0);
});

test('response times come from the probes; plain-HTTP targets have no certificate', async () => {
  const json = await statusJson();
  for (const monitor of json.monitors) {
    expect(monitor.responseTimesMs.length).toBeGreaterThan(0);
    expect(monitor.tlsDaysLeft).toBeNull();
  }
});

test('the incident is the ServiceDown alert of the monitor down, ongoing', async () => {
  const json = await statusJson();
  expect(json.incidents).toEqual([
    expect.objectContaining({
      alertname: 'ServiceDown',
      monitor: stack.down.name,
      ongoing: true,
      endedAt: null,
    }),
  ]);
});

test('the feed and the badges say the same', async () => {
  const feed = await (await fetch(`${stack.url}/feed.atom`)).text();
  expect(feed).toContain(`<title>${stack.down.friendlyName}: Outage (ongoing)</title>`);
  const badge = await (await fetch(`${stack.url}/badge/${stack.down.name}.svg`)).text();
  expect(badge).toContain('>down</text>');
  expect(await (await fetch(`${stack.url}/badge/${stack.up.name}.svg`)).text()).toContain('>up</text>');
});

test('Prometheus gone: the page keeps the last known state, says how old it is, and never errors', async () => {
  await stack.prometheus.stop();
  await stack.status.cache.refresh();
  const json = await statusJson();
  expect(json.stale).toBe(true);
  expect(json.monitors.find((m) => m.name === stack.up.name)?.state).toBe('up');
  const page = await fetch(`${stack.url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('the monitoring server is not answering, this is the last known state');
  const health = await fetch(`${stack.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', prometheus: 'failing' });
});
