import { LineBuffer } from '../../../../lib/logging/loki/line-buffer';
import { PushLoop } from '../../../../lib/logging/loki/push-loop';
import { ShipperHealth } from '../../../../lib/logging/loki/shipper-health';
import { type FakeLoki, startFakeLoki } from '../../../support/fake-loki';
import { waitFor } from '../../../support/wait';

let loki: FakeLoki;
let loop: PushLoop | undefined;

beforeEach(async () => {
  loki = await startFakeLoki();
});

afterEach(async () => {
  loop?.park();
  loop?.stop('test over');
  loop = undefined;
  await loki.close();
});

interface Setup {
  loop: PushLoop;
  buffer: LineBuffer;
  health: ShipperHealth;
  reports: string[];
  /** Appends lines numbered from..to-1 and tells the loop, as the shipper's write() does. */
  write(from: number, to: number): void;
}

/** A loop on the fake with test-sized delays; the push deadline out of reach unless a test sets one. */
function setUp({ retryMs = 5, timeoutMs = 10_000, batchIntervalMs = 10 } = {}): Setup {
  const buffer = new LineBuffer({
    maxBatchLines: 100,
    maxBatchBytes: 1024 * 1024,
    maxBufferedLines: 1000,
    maxBufferedBytes: 1024 * 1024,
    batchIntervalMs,
  });
  const reports: string[] = [];
  const health = new ShipperHealth({
    origin: loki.url,
    report: (message) => reports.push(message),
    reportIntervalMs: 0,
  });
  const target = { url: `${loki.url}/loki/api/v1/push`, labels: { app: 'a', env: 'test' }, timeoutMs };
  loop = new PushLoop(buffer, target, { retryMinMs: retryMs, retryMaxMs: retryMs }, health);
  const write = (from: number, to: number) => {
    const now = Date.now();
    for (let n = from; n < to; n++) buffer.append(JSON.stringify({ level: 'INFO', n }), now);
    loop?.linesAdded(now);
  };
  return { loop, buffer, health, reports, write };
}

const shipped = () => loki.entries().map((e) => JSON.parse(e.line).n as number);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

test('pushes a batch once it is due, and forgets it once sent', async () => {
  const { buffer, health, write } = setUp();
  write(0, 3);
  await waitFor('the batch', () => health.stats(0).sent_lines === 3);
  expect(shipped()).toEqual([0, 1, 2]);
  expect(buffer.size).toBe(0);
});

test('one push at a time: pushNow() joins the push in flight', async () => {
  const { loop, write } = setUp({ batchIntervalMs: 60_000 });
  write(0, 2);
  const first = loop.pushNow();
  expect(loop.pushNow()).toBe(first);
  expect(await first).toBe('sent');
  expect(loki.pushes()).toEqual([{ status: 204, entries: 2 }]);
  expect(await loop.pushNow()).toBe('idle');
});

test('a failed push is retried after the backoff with the same batch, and said so', async () => {
  const { health, reports, write } = setUp();
  loki.failNext(2, 503);
  write(0, 3);
  await waitFor('delivery', () => health.stats(0).sent_lines === 3);
  expect(loki.pushes().map((p) => p.status)).toEqual([503, 503, 204]);
  expect(shipped()).toEqual([0, 1, 2]);
  expect(health.stats(0).failed_pushes).toBe(2);
  expect(reports[0]).toMatch(/push failed \(.*\), retrying; buffered_lines=3/);
});

test('while backing off, new lines wait for the retry', async () => {
  const { loop, health, write } = setUp({ retryMs: 60_000 });
  loki.failNext(1, 500);
  write(0, 2);
  await waitFor('the failure', () => health.stats(0).failed_pushes === 1);
  write(2, 4);
  await new Promise((resolve) => setTimeout(resolve, 100)); // ten batch intervals
  expect(loki.pushes()).toHaveLength(1);
  expect(await loop.pushNow()).toBe('sent'); // the retry, the batch unchanged
  expect(await loop.pushNow()).toBe('sent');
  expect(loki.pushes().map((p) => p.entries)).toEqual([2, 2, 2]);
  expect(shipped()).toEqual(range(0, 4));
});

test('a refused batch is dropped, counted and said so, and the lines behind it still go', async () => {
  const { loop, buffer, health, reports, write } = setUp({ batchIntervalMs: 60_000 });
  loki.failNext(1, 400);
  write(0, 2);
  expect(await loop.pushNow()).toBe('rejected');
  expect(buffer.size).toBe(0);
  expect(health.stats(0)).toMatchObject({ dropped_lines: 2, failed_pushes: 1 });
  expect(reports[0]).toMatch(/Loki rejected 2 lines \(400 .*\), dropped them/);
  write(2, 3);
  expect(await loop.pushNow()).toBe('sent');
  expect(shipped()).toEqual([2]);
});

test('parked, it pushes only when asked', async () => {
  const { loop, write } = setUp();
  loop.park();
  write(0, 2);
  await new Promise((resolve) => setTimeout(resolve, 100)); // ten batch intervals
  expect(loki.pushes()).toEqual([]);
  expect(await loop.pushNow()).toBe('sent');
});

test('stopped with a reason, it abandons the push in flight without a word, and pushes no more', async () => {
  const { loop, buffer, health, reports, write } = setUp({ batchIntervalMs: 60_000 });
  loki.hang(true);
  write(0, 2);
  const outcome = loop.pushNow();
  await waitFor('the push to hang', () => loki.pushes().length === 1);
  loop.stop('closing');
  expect(await outcome).toBe('retry');
  expect(health.lastErrors().push?.reason).toMatch(/closing/);
  expect(reports).toEqual([]);
  expect(await loop.pushNow()).toBe('idle');
  expect(buffer.size).toBe(2);
});
