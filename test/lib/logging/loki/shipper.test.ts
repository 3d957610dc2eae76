import { spawn } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { isoToNs } from '../../../../lib/logging/loki/push-request';
import {
  createLokiShipper,
  type LokiShipper,
  type LokiShipperOptions,
} from '../../../../lib/logging/loki/shipper';
import { type FakeLoki, startFakeLoki } from '../../../support/fake-loki';
import { LOAD_MARGIN_MS } from '../../../support/timing';
import { waitFor } from '../../../support/wait';

const labels = { app: 'exporter', env: 'production' };
let loki: FakeLoki;
let shipper: LokiShipper | undefined;
let reports: string[];

beforeEach(async () => {
  loki = await startFakeLoki();
  reports = [];
});

afterEach(async () => {
  await shipper?.close(100);
  shipper = undefined;
  await loki.close();
});

/**
 * A shipper on the fake with test-sized delays; diagnostics are captured instead of printed.
 * The push deadline is out of reach of scheduling delays (a cold first fetch() alone took 0.7 s
 * under CPU load): a push the fake accepted but answered after the deadline is re-sent, by design,
 * and would fail the exactly-once checks. Tests about deadlines set a short one.
 */
function ship(options: Partial<LokiShipperOptions> = {}): LokiShipper {
  shipper = createLokiShipper({
    url: loki.url,
    labels,
    batchIntervalMs: 10,
    requestTimeoutMs: 10_000,
    retryMinMs: 5,
    retryMaxMs: 40,
    report: (message) => reports.push(message),
    ...options,
  });
  return shipper;
}

/** A line as our services write it, with the trailing newline pino adds. */
function logLine(n: number, level = 'INFO', timestamp = new Date().toISOString()): string {
  return `${JSON.stringify({ timestamp, level, logger: 'exporter.http', message: `line ${n}`, request_id: `req-${n}` })}\n`;
}

const shippedNumbers = () => loki.entries().map((e) => JSON.parse(e.line).request_id as string);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `req-${from + i}`);

describe('delivery', () => {
  test('lines arrive labelled app, env and level, with their own timestamp, unchanged and in order', async () => {
    const s = ship();
    const lines = [logLine(1, 'INFO'), logLine(2, 'ERROR'), logLine(3, 'INFO'), 'not json\n'];
    for (const line of lines) s.write(line);
    await waitFor('4 lines sent', () => s.stats().sent_lines === 4);

    // Loki receives one stream per label set: info lines, then error, then unknown.
    const entries = loki.entries();
    expect(entries.map((e) => e.line)).toEqual([0, 2, 1, 3].map((i) => lines[i]?.trimEnd()));
    expect(entries.map((e) => e.labels)).toEqual([
      { ...labels, level: 'info' },
      { ...labels, level: 'info' },
      { ...labels, level: 'error' },
      { ...labels, level: 'unknown' },
    ]);
    for (const entry of entries.slice(0, 3)) expect(entry.ts).toBe(isoToNs(JSON.parse(entry.line).timestamp));
    expect(s.stats()).toEqual({ sent_lines: 4, dropped_lines: 0, buffered_lines: 0, failed_pushes: 0 });
  });

  test('splits a chunk holding several lines', async () => {
    const s = ship();
    s.write(`${logLine(1).trimEnd()}\n${logLine(2)}`);
    await s.flush();
    expect(shippedNumbers()).toEqual(['req-1', 'req-2']);
  });

  test('works as a pino destination, with custom headers', async () => {
    const s = ship({ headers: { 'X-Scope-OrgID': 'clicky' } });
    const logger = pino(
      {
        base: undefined,
        messageKey: 'message',
        timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
        formatters: { level: (label) => ({ level: label === 'warn' ? 'WARNING' : label.toUpperCase() }) },
      },
      pino.multistream([{ stream: s }]),
    );
    logger.info({ request_id: 'req-abc123', status_code: 200 }, 'Request completed');
    logger.warn('Slow dependency');
    await s.flush();

    const entries = loki.entries();
    expect(entries.map((e) => [e.tenant, e.labels.level, JSON.parse(e.line).message])).toEqual([
      ['clicky', 'info', 'Request completed'],
      ['clicky', 'warning', 'Slow dependency'],
    ]);
    expect(entries[0]?.labels).not.toHaveProperty('request_id');
    expect(JSON.parse(entries[0]?.line ?? '')).toMatchObject({ request_id: 'req-abc123', status_code: 200 });
  });

  test('pushes a full batch at once and the rest after the interval, at most maxBatchLines per push', async () => {
    const s = ship({ batchIntervalMs: 300, maxBatchLines: 4 });
    for (let n = 0; n < 10; n++) s.write(logLine(n));
    // The remainder may follow before a poll sees 8 on a loaded machine: full batches come first.
    await waitFor('two full batches', () => loki.entries().length >= 8);
    expect(
      loki
        .pushes()
        .map((p) => p.entries)
        .slice(0, 2),
    ).toEqual([4, 4]);
    await waitFor('the remainder after the interval', () => loki.entries().length === 10);
    expect(loki.pushes().map((p) => p.entries)).toEqual([4, 4, 2]);
    expect(shippedNumbers()).toEqual(range(0, 10));
  });
});

describe('outages', () => {
  test('Loki down for a while then up: every line delivered once, in order, without a restart', async () => {
    const s = ship();
    for (let n = 0; n < 5; n++) s.write(logLine(n));
    await s.flush();
    await loki.down();

    for (let n = 5; n < 25; n++) s.write(logLine(n));
    await waitFor('retries against the dead Loki', () => s.stats().failed_pushes >= 3);
    for (let n = 25; n < 30; n++) s.write(logLine(n));
    expect(s.stats()).toMatchObject({ sent_lines: 5, buffered_lines: 25, dropped_lines: 0 });
    expect(s.lastErrors().push?.reason).toMatch(/ECONNREFUSED/);

    await loki.up();
    await waitFor('all 30 lines', () => s.stats().sent_lines === 30);
    expect(shippedNumbers()).toEqual(range(0, 30));
    expect(s.stats()).toMatchObject({ dropped_lines: 0, buffered_lines: 0 });
  });

  test.each([429, 500, 503])('a %i answer is retried until accepted', async (status) => {
    const s = ship();
    loki.failNext(3, status);
    for (let n = 0; n < 3; n++) s.write(logLine(n));
    await waitFor('delivery', () => s.stats().sent_lines === 3);
    expect(loki.pushes().map((p) => p.status)).toEqual([status, status, status, 204]);
    expect(shippedNumbers()).toEqual(range(0, 3));
    expect(s.stats()).toMatchObject({ failed_pushes: 3, dropped_lines: 0 });
    expect(s.lastErrors().push).toMatchObject({ status, lines: 3 });
  });

  test('a hung Loki: write() stays synchronous, the event loop runs, one push at a time times out and is retried', async () => {
    const s = ship({ requestTimeoutMs: 100 });
    loki.hang(true);
    for (let n = 0; n < 500; n++) expect(s.write(logLine(n))).toBeUndefined();
    const hung = () => loki.pushes().filter((p) => p.status === 'hung').length;
    let servedWhileWaiting = false;
    await waitFor('a third hung push, one seen while the shipper waited for it', () => {
      const { failed_pushes } = s.stats();
      // One push in flight at a time: a new one only starts once the previous has timed out.
      expect(hung()).toBeLessThanOrEqual(failed_pushes + 1);
      // The fake, on this same event loop, took in a push the shipper was still waiting for, and
      // this poll saw it: the loop ran during the push. A push blocking the loop never allows it.
      if (hung() === failed_pushes + 1) servedWhileWaiting = true;
      return hung() >= 3 && servedWhileWaiting;
    });
    expect(s.lastErrors().push?.reason).toMatch(/timeout/i);
    expect(s.stats()).toMatchObject({ sent_lines: 0, buffered_lines: 500, dropped_lines: 0 });

    const failedWhileHung = s.stats().failed_pushes;
    loki.hang(false);
    await waitFor('delivery after the hang', () => s.stats().sent_lines === 500);
    // Each accepted push held the whole batch, in order. Delivery is at least once: under CPU load
    // the fake's answer to an accepted push can come after the 100 ms deadline, and the batch is
    // then sent again, but only after such a failure.
    const accepted = loki.pushes().filter((p) => p.status === 204).length;
    expect(shippedNumbers()).toEqual(Array.from({ length: accepted }, () => range(0, 500)).flat());
    expect(accepted - 1).toBeLessThanOrEqual(s.stats().failed_pushes - failedWhileHung);
  });

  test('reports problems on the diagnostic channel at most once per interval', async () => {
    const s = ship({ reportIntervalMs: 60_000 });
    await loki.down();
    s.write(logLine(1));
    await waitFor('several failures', () => s.stats().failed_pushes >= 3);
    expect(reports).toEqual([
      expect.stringMatching(/^loki-shipper: http:\/\/127\.0\.0\.1:\d+: push failed .*retrying/),
    ]);
  });
});

describe('bounds', () => {
  test('beyond maxBufferedLines the oldest lines are dropped and counted exactly', async () => {
    const drops: number[] = [];
    // Retries far apart, so that no push is in flight when the second burst arrives.
    const s = ship({
      maxBufferedLines: 50,
      maxBatchLines: 10,
      retryMinMs: 60_000,
      retryMaxMs: 60_000,
      onDrop: (count) => drops.push(count),
    });
    await loki.down();

    for (let n = 0; n < 80; n++) s.write(logLine(n));
    expect(s.stats()).toMatchObject({ dropped_lines: 30, buffered_lines: 50 });

    // Now the oldest lines sit in a batch waiting to be retried: those are the ones to go.
    await waitFor('a failed push', () => s.stats().failed_pushes >= 1);
    for (let n = 80; n < 90; n++) s.write(logLine(n));
    expect(s.stats()).toMatchObject({ dropped_lines: 40, buffered_lines: 50 });
    await waitFor('onDrop to be told', () => drops.reduce((a, b) => a + b, 0) === 40);

    await loki.up();
    await s.flush();
    expect(shippedNumbers()).toEqual(range(40, 90));
    expect(s.stats()).toMatchObject({ sent_lines: 50, dropped_lines: 40 });
  });

  test('beyond maxBufferedBytes the oldest lines are dropped', async () => {
    const s = ship({ maxBufferedBytes: 10 * Buffer.byteLength(logLine(10)) });
    await loki.down();
    for (let n = 10; n < 30; n++) s.write(logLine(n));
    expect(s.stats()).toMatchObject({ dropped_lines: 10, buffered_lines: 10 });
    await loki.up();
    await waitFor('delivery', () => s.stats().buffered_lines === 0);
    expect(shippedNumbers()).toEqual(range(20, 30));
  });

  test('a batch Loki refuses (400) is dropped with its reason, and the next lines still go', async () => {
    const drops: number[] = [];
    const s = ship({ onDrop: (count) => drops.push(count) });
    s.write(logLine(1, 'INFO', '2020-01-01T00:00:00.000Z')); // older than Loki's 7-day window
    await s.flush();
    expect(s.stats()).toEqual({ sent_lines: 0, dropped_lines: 1, buffered_lines: 0, failed_pushes: 1 });
    expect(s.lastErrors().rejection).toMatchObject({
      status: 400,
      lines: 1,
      reason: expect.stringMatching(/too old/),
    });

    s.write(logLine(2));
    await s.flush();
    expect(shippedNumbers()).toEqual(['req-2']);
    expect(loki.pushes().map((p) => p.status)).toEqual([400, 204]);
    await waitFor('onDrop to be told', () => drops.length === 1);
    expect(drops).toEqual([1]);
  });

  test('an injected 400 is not retried', async () => {
    const s = ship();
    loki.failNext(1, 400);
    s.write(logLine(1));
    s.write(logLine(2));
    await s.flush();
    s.write(logLine(3));
    await s.flush();
    expect(loki.pushes().map((p) => p.status)).toEqual([400, 204]);
    expect(shippedNumbers()).toEqual(['req-3']);
    expect(s.stats()).toMatchObject({ dropped_lines: 2, sent_lines: 1 });
  });
});

describe('close', () => {
  test('flushes what is buffered, then drops and counts later writes without throwing', async () => {
    const s = ship({ batchIntervalMs: 60_000 });
    for (let n = 0; n < 3; n++) s.write(logLine(n));
    await s.close(2000);
    expect(shippedNumbers()).toEqual(range(0, 3));

    expect(() => s.write(logLine(3))).not.toThrow();
    expect(s.stats()).toEqual({ sent_lines: 3, dropped_lines: 1, buffered_lines: 0, failed_pushes: 0 });
  });

  test('resolves within its timeout when Loki hangs, counting the lines it could not send', async () => {
    const s = ship({ requestTimeoutMs: 30_000, batchIntervalMs: 60_000 });
    loki.hang(true);
    for (let n = 0; n < 3; n++) s.write(logLine(n));
    // The push hangs before close() starts: its timeout could otherwise expire, under CPU load,
    // before the fake had its turn to read the request.
    const flushed = s.flush();
    await waitFor('the push to hang', () => loki.pushes().length === 1);
    const started = Date.now();
    await s.close(200);
    expect(Date.now() - started).toBeLessThan(LOAD_MARGIN_MS); // the push would hang 30 s
    await flushed;
    expect(loki.pushes()).toEqual([{ status: 'hung', entries: 0 }]);
    expect(s.stats()).toMatchObject({ sent_lines: 0, dropped_lines: 3, buffered_lines: 0 });
  });
});

test('write() never throws, whatever it is given or whatever onDrop does', async () => {
  const s = ship({
    maxBufferedLines: 1,
    onDrop: () => {
      throw new Error('boom');
    },
  });
  expect(() => s.write(undefined as unknown as string)).not.toThrow();
  expect(() => s.write({ toString: () => 'oops' } as unknown as string)).not.toThrow();
  expect(() => s.write(Object.create(null) as string)).not.toThrow();
  s.write(logLine(1));
  await s.flush();
  expect(shippedNumbers()).toEqual(['req-1']);
});

test('a hung Loki does not keep the process alive', async () => {
  loki.hang(true);
  const shipperModule = path.resolve(__dirname, '../../../../lib/logging/loki/shipper.ts');
  // The child stays up (reading stdin) until a push of its has hung, then must exit by itself. Not
  // a fixed delay: under CPU load the first push (whose fetch() first compiles undici) can pass
  // its 300 ms deadline before its request is even written, and must be retried until one hangs.
  const script = `
    import { createLokiShipper } from ${JSON.stringify(shipperModule)};
    const s = createLokiShipper({ url: ${JSON.stringify(loki.url)}, labels: { app: 'a', env: 'test' },
      batchIntervalMs: 1, requestTimeoutMs: 300, report: () => {} });
    s.write('{"level":"INFO"}\\n');
    process.stdin.resume();
  `;
  const tsx = path.resolve(__dirname, '../../../../node_modules/.bin/tsx');
  const child = spawn(tsx, ['-e', script], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    // Bounds on starting tsx, which took seconds under CPU load, not on the shipper.
    await waitFor('a push of the child to hang', () => loki.pushes().length > 0, 20_000);
    expect(loki.pushes()).toContainEqual({ status: 'hung', entries: 0 });
    child.stdin.end(); // from now on, only the shipper could keep it alive
    await waitFor('the child to exit by itself', () => child.exitCode !== null, 10_000);
    expect(await exited).toBe(0);
  } finally {
    child.kill();
  }
}, 40_000);
