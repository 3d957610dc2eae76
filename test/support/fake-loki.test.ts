import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { type FakeLoki, startFakeLoki } from './fake-loki';
import { waitFor } from './wait';

let loki: FakeLoki;

beforeEach(async () => {
  loki = await startFakeLoki();
});

afterEach(async () => {
  await loki.close();
});

const nowNs = () => `${Date.now()}000000`;

function push(body: unknown, headers: Record<string, string> = { 'Content-Type': 'application/json' }) {
  return fetch(`${loki.url}/loki/api/v1/push`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

async function expectAnswer(response: Response, status: number, text: RegExp | string = /.*/): Promise<void> {
  expect({ status: response.status, text: await response.text() }).toEqual({
    status,
    text: expect.stringMatching(text),
  });
}

test('GET /ready answers ready', async () => {
  await expectAnswer(await fetch(`${loki.url}/ready`), 200, /^ready/);
});

test('stores a valid push and answers 204', async () => {
  const ts = nowNs();
  const response = await push({
    streams: [
      {
        stream: { app: 'exporter', level: 'info' },
        values: [
          [ts, 'one'],
          [ts, 'two', { trace_id: 'abc' }],
        ],
      },
      { stream: { app: 'exporter', level: 'error' }, values: [[ts, 'three']] },
    ],
  });
  await expectAnswer(response, 204, /^$/);
  expect(loki.entries()).toEqual([
    { tenant: 'fake', labels: { app: 'exporter', level: 'info' }, ts, line: 'one' },
    {
      tenant: 'fake',
      labels: { app: 'exporter', level: 'info' },
      ts,
      line: 'two',
      metadata: { trace_id: 'abc' },
    },
    { tenant: 'fake', labels: { app: 'exporter', level: 'error' }, ts, line: 'three' },
  ]);
  expect(loki.pushes()).toEqual([{ status: 204, entries: 3 }]);
});

test('accepts a charset parameter, gzip, and records the tenant', async () => {
  const body = gzipSync(
    JSON.stringify({ streams: [{ stream: { app: 'a' }, values: [[nowNs(), 'zipped']] }] }),
  );
  const response = await push(body, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Encoding': 'gzip',
    'X-Scope-OrgID': 'clicky',
  });
  await expectAnswer(response, 204);
  expect(loki.entries()).toMatchObject([{ tenant: 'clicky', line: 'zipped' }]);
});

test.each([
  ['malformed JSON', '{"streams": [', /malformed JSON/],
  ['no streams', {}, /missing streams/],
  ['streams not an array', { streams: {} }, /missing streams/],
  ['a stream that is not an object', { streams: ['x'] }, /stream must be an object/],
  [
    'labels that are not an object',
    { streams: [{ stream: 'app=a', values: [] }] },
    /labels must be an object/,
  ],
  ['a label value that is not a string', { streams: [{ stream: { n: 1 }, values: [] }] }, /must be strings/],
  ['values that are not an array', { streams: [{ stream: { a: 'b' }, values: {} }] }, /must be an array/],
  ['an entry that is not an array', { streams: [{ stream: { a: 'b' }, values: ['x'] }] }, /an entry must be/],
  ['an entry with one element', { streams: [{ stream: { a: 'b' }, values: [['1']] }] }, /an entry must be/],
  ['a numeric timestamp', { streams: [{ stream: { a: 'b' }, values: [[1, 'x']] }] }, /timestamp/],
  [
    'a timestamp in ISO',
    { streams: [{ stream: { a: 'b' }, values: [['2026-02-18T10:30:00Z', 'x']] }] },
    /timestamp/,
  ],
  [
    'a timestamp in exponent form',
    { streams: [{ stream: { a: 'b' }, values: [['1.7e18', 'x']] }] },
    /timestamp/,
  ],
  ['a line that is not a string', { streams: [{ stream: { a: 'b' }, values: [['1', { m: 1 }]] }] }, /line/],
  [
    'metadata that is not strings',
    { streams: [{ stream: { a: 'b' }, values: [['1', 'x', { n: 1 }]] }] },
    /metadata/,
  ],
])('rejects %s with 400 and stores nothing', async (_, body, reason) => {
  const valid = { stream: { app: 'a' }, values: [[nowNs(), 'valid']] };
  const withValid =
    typeof body === 'object' && Array.isArray((body as { streams?: unknown }).streams)
      ? { streams: [valid, ...(body as { streams: unknown[] }).streams] }
      : body;
  await expectAnswer(await push(withValid), 400, reason);
  expect(loki.entries()).toEqual([]);
});

test.each([
  ['an empty label set', {}, /at least one label pair is required/],
  ['a label name with a dash', { 'service-name': 'x' }, /invalid label name "service-name"/],
  ['a label name starting with a digit', { '1app': 'x' }, /invalid label name "1app"/],
])('refuses a stream with %s but stores the valid ones, like Loki', async (_, stream, reason) => {
  const ts = nowNs();
  const response = await push({
    streams: [
      { stream, values: [[ts, 'refused']] },
      { stream: { app: 'a' }, values: [[ts, 'kept']] },
    ],
  });
  await expectAnswer(response, 400, reason);
  expect(loki.entries().map((e) => e.line)).toEqual(['kept']);
});

test('refuses entries too old or too far in the future, one reason per line, and keeps the rest', async () => {
  const dayMs = 24 * 3_600_000;
  const ns = (ms: number) => `${ms}000000`;
  const response = await push({
    streams: [
      {
        stream: { app: 'a' },
        values: [
          [ns(Date.now() - 8 * dayMs), 'too old'],
          [nowNs(), 'kept'],
          [ns(Date.now() + dayMs), 'too new'],
        ],
      },
    ],
  });
  const text = await response.text();
  expect(response.status).toBe(400);
  expect(text.trim().split('\n')).toEqual([
    expect.stringMatching(
      /^entry for stream '\{app="a"\}' has timestamp too old: .*oldest acceptable timestamp is/,
    ),
    expect.stringMatching(/has timestamp too new/),
  ]);
  expect(loki.entries().map((e) => e.line)).toEqual(['kept']);
});

test.each([
  ['text/plain', 400, 'text/plain'],
  ['no content type', 400, undefined],
  ['protobuf (not implemented by the fake)', 415, 'application/x-protobuf'],
])('answers a push with %s with %i', async (_, status, contentType) => {
  const body = new TextEncoder().encode(
    JSON.stringify({ streams: [{ stream: { a: 'b' }, values: [[nowNs(), 'x']] }] }),
  );
  await expectAnswer(await push(body, contentType ? { 'Content-Type': contentType } : {}), status);
  expect(loki.entries()).toEqual([]);
});

test('requires a tenant when auth is enabled', async () => {
  const secured = await startFakeLoki({ authEnabled: true });
  try {
    const response = await fetch(`${secured.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ streams: [] }),
    });
    await expectAnswer(response, 401, /no org id/);
  } finally {
    await secured.close();
  }
});

test('answers unknown paths 404 and other methods 405', async () => {
  await expectAnswer(await fetch(`${loki.url}/loki/api/v1/query`), 404);
  await expectAnswer(await fetch(`${loki.url}/loki/api/v1/push`), 405);
});

test('down() refuses connections and up() serves again on the same URL', async () => {
  await loki.down();
  await expect(fetch(`${loki.url}/ready`)).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  await loki.up();
  await expectAnswer(await fetch(`${loki.url}/ready`), 200, /ready/);
});

test('hang(true) accepts pushes and never answers them', async () => {
  loki.hang(true);
  // Aborted by hand once the fake has seen it: a client deadline could expire, under CPU load,
  // before the fake had its turn to read the request, and prove nothing about the fake.
  const client = new AbortController();
  const hung = fetch(`${loki.url}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { a: 'b' }, values: [[nowNs(), 'x']] }] }),
    signal: client.signal,
  }).then(
    () => 'answered',
    (error: Error) => error.name,
  );
  await waitFor('the push to arrive', () => loki.pushes().length === 1);
  const later = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200));
  expect(await Promise.race([hung, later])).toBe('still waiting');
  client.abort();
  expect(await hung).toBe('AbortError');
  expect(loki.pushes()).toEqual([{ status: 'hung', entries: 0 }]);
  loki.hang(false);
  await expectAnswer(await push({ streams: [{ stream: { a: 'b' }, values: [[nowNs(), 'x']] }] }), 204);
  expect(loki.entries()).toHaveLength(1);
});

test('hang(true) records a push on arrival, even one whose client gives up before sending its body', async () => {
  loki.hang(true);
  const { hostname, port } = new URL(loki.url);
  const client = request({
    host: hostname,
    port,
    method: 'POST',
    path: '/loki/api/v1/push',
    headers: { 'Content-Type': 'application/json', 'Content-Length': '1000' },
  });
  client.on('error', () => {}); // the reset we cause below
  client.write('{"streams":['); // headers and the start of the body, never the rest
  await waitFor('the push to be recorded', () => loki.pushes().length === 1);
  client.destroy();
  expect(loki.pushes()).toEqual([{ status: 'hung', entries: 0 }]);
  expect((await fetch(`${loki.url}/ready`)).status).toBe(200); // only pushes hang
});

test.each([
  [429, /^Ingestion rate limit exceeded for user fake .* while attempting to ingest '1' lines/],
  [500, /live replicas required/],
  [503, /no healthy upstream/],
])('failNext(2, %i) fails two pushes with a Loki-like body, then accepts', async (status, body) => {
  loki.failNext(2, status);
  const request = { streams: [{ stream: { a: 'b' }, values: [[nowNs(), 'x']] }] };
  await expectAnswer(await push(request), status, body);
  await expectAnswer(await push(request), status, body);
  expect(loki.entries()).toEqual([]);
  await expectAnswer(await push(request), 204);
  expect(loki.entries()).toHaveLength(1);
  expect(loki.pushes().map((p) => p.status)).toEqual([status, status, 204]);
});
