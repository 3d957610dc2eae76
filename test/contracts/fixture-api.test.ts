/**
 * The fixture API's knobs, programmatic and over its control endpoint, and the standalone process's
 * signals: what the contract tests and `npm run chaos` rely on.
 */
import { createFixtureApi, type FixtureApi } from '../../contracts/fixture-api';
import { capturedLogger } from '../support/captured-logger';
import { freePort } from '../support/ports';
import { startServiceProcess } from '../support/service-process';
import { waitFor } from '../support/wait';

// The standalone tests start tsx: slow on a loaded machine.
jest.setTimeout(60_000);

let api: FixtureApi;
let url: string;

beforeEach(async () => {
  api = createFixtureApi({ logger: capturedLogger().logger });
  url = await api.listen();
});

afterEach(() => api.close());

const status = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${url}${path}`, init);
  await res.arrayBuffer();
  return res.status;
};
const statuses = async (n: number) => {
  const result: number[] = [];
  for (let i = 0; i < n; i++) result.push(await status(`/bookings/${i}`));
  return result;
};
const metrics = async () => (await fetch(`${url}/metrics`)).text();
const postKnobs = (body: unknown) =>
  fetch(`${url}/__fixture/knobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('answers 200 until told otherwise', async () => {
  expect(await statuses(3)).toEqual([200, 200, 200]);
  expect(await status('/bookings', { method: 'POST' })).toBe(201);
});

test('errorCount fails exactly the next N answers, errorShare an even share of them', async () => {
  api.set({ errorCount: 2 });
  expect(await statuses(4)).toEqual([500, 500, 200, 200]);
  api.set({ errorShare: 0.5 });
  expect(await statuses(4)).toEqual([200, 500, 200, 500]);
  api.set({ errorShare: 1 });
  expect(await statuses(2)).toEqual([500, 500]);
  // Health stays up through a 5xx burst: a burst is not an outage.
  expect(await status('/health/ready')).toBe(200);
  expect(await metrics()).toContain('http_requests_total{method="GET",route="/bookings/:id",status="500"} 6');
});

test('the control endpoint sets knobs and refuses invalid ones with the reason', async () => {
  const ok = await postKnobs({ errorCount: 1 });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toMatchObject({ errorCount: 1, errorShare: 0, serveContract: true });
  expect(await statuses(2)).toEqual([500, 200]);

  const bad = await postKnobs({ errorShare: 2, colour: 'red' });
  expect(bad.status).toBe(400);
  const { reason } = (await bad.json()) as { reason: string };
  expect(reason).toContain('errorShare');
  expect(reason).toContain('colour');
  expect(api.knobs.errorShare).toBe(0);
  expect(() => api.set({ delayMs: -1 })).toThrow(/delayMs/);
});

test('serveContract off drops exactly the contract series from /metrics', async () => {
  await statuses(1);
  expect(await metrics()).toMatch(/^http_requests_total\{/m);
  api.set({ serveContract: false });
  const without = await metrics();
  expect(without).not.toMatch(/^(# TYPE )?http_/m);
  expect(without).toMatch(/^process_cpu_seconds_total /m);
  api.set({ serveContract: true });
  expect(await metrics()).toMatch(/^http_request_duration_seconds_bucket\{/m);
});

test('delayMs holds every API answer back at least that long', async () => {
  api.set({ delayMs: 120 });
  await statuses(1);
  // Nothing that waited 120 ms can land in the 0.1 s bucket.
  expect(await metrics()).toContain(
    'http_request_duration_seconds_bucket{le="0.1",method="GET",route="/bookings/:id",status="200"} 0',
  );
});

test('stop() refuses connections and listen() resumes on the same port with the counters kept', async () => {
  await statuses(2);
  await api.stop();
  expect(api.url).toBeUndefined();
  await expect(fetch(`${url}/health/ready`)).rejects.toThrow();
  expect(await api.listen()).toBe(url);
  expect(await metrics()).toContain('http_requests_total{method="GET",route="/bookings/:id",status="200"} 2');
});

test('POST /__fixture/stop answers, then stops listening', async () => {
  expect(await status('/__fixture/stop', { method: 'POST' })).toBe(202);
  await waitFor('the listener to stop', () => api.url === undefined);
  await expect(fetch(`${url}/health/ready`)).rejects.toThrow();
});

test('trafficPerSecond makes requests without an outside client', async () => {
  api.set({ trafficPerSecond: 20, errorShare: 1 });
  let text = '';
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    text = await metrics();
    if (/route="\/bookings\/:id",status="500"\} ([3-9]|\d\d)/.test(text)) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(text).toMatch(
    /http_requests_total\{method="GET",route="\/bookings\/:id",status="500"\} ([3-9]|\d\d)/,
  );
});

describe('standalone', () => {
  test('listens on PORT, stops on SIGUSR2, listens again on SIGHUP, exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const proc = startServiceProcess('contracts/fixture-api.ts', { PORT: String(port) });
    try {
      const listening = (n: number) => () =>
        proc.lines.filter((l) => (l as { message?: string }).message === 'Fixture API listening').length >= n;
      await waitFor('listening', listening(1), 15_000);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      proc.child.kill('SIGUSR2');
      await proc.waitForLine((l) => l.message === 'Fixture API stopped listening');
      await expect(fetch(`${base}/health/ready`)).rejects.toThrow();
      proc.child.kill('SIGHUP');
      await waitFor('listening again', listening(2), 15_000);
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toBe(0);
    } finally {
      await proc.kill();
    }
  });

  test('an invalid PORT stops it with exit 78, naming the variable', async () => {
    const proc = startServiceProcess('contracts/fixture-api.ts', { PORT: 'eighty' });
    expect(await proc.exited).toBe(78);
    expect(proc.stderr()).toContain('PORT');
  });
});
