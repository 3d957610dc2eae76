import fc from 'fast-check';
import { LineBuffer, type LineBufferOptions } from '../../../../lib/logging/loki/line-buffer';

const LINE_BYTES = Buffer.byteLength('line 00');

function bufferOf(options: Partial<LineBufferOptions> = {}): LineBuffer {
  return new LineBuffer({
    maxBatchLines: 1000,
    maxBatchBytes: 1024 * 1024,
    maxBufferedLines: 10_000,
    maxBufferedBytes: 8 * 1024 * 1024,
    batchIntervalMs: 1000,
    ...options,
  });
}

/** Appends "line 00" … as if all received at `at` ms, and trims: returns how many were dropped. */
function appendLines(buffer: LineBuffer, from: number, to: number, at = 0): number {
  for (let n = from; n < to; n++) buffer.append(`line ${String(n).padStart(2, '0')}`, at);
  return buffer.trim();
}

const linesOf = (batch: readonly { line: string }[]) => batch.map((item) => item.line);
const numbered = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `line ${String(from + i).padStart(2, '0')}`);

/** Every line held, oldest first, by pushing and removing batch after batch. */
function drain(buffer: LineBuffer): string[] {
  const lines: string[] = [];
  for (let batch = buffer.takeBatch(); batch.length > 0; batch = buffer.takeBatch()) {
    lines.push(...linesOf(batch));
    buffer.remove();
  }
  return lines;
}

describe('batches', () => {
  test('take the oldest lines, at most maxBatchLines, in arrival order', () => {
    const buffer = bufferOf({ maxBatchLines: 4 });
    appendLines(buffer, 0, 10);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(0, 4));
    expect(buffer.remove()).toBe(4);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(4, 8));
    buffer.remove();
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(8, 10));
    expect(buffer.remove()).toBe(2);
    expect(buffer.takeBatch()).toEqual([]);
    expect(buffer.size).toBe(0);
  });

  test('stay within maxBatchBytes, except a single larger line, which goes alone', () => {
    const buffer = bufferOf({ maxBatchBytes: 2 * LINE_BYTES + 1 });
    appendLines(buffer, 0, 3);
    buffer.append('x'.repeat(10 * LINE_BYTES), 0);
    appendLines(buffer, 3, 4);
    expect([1, 2, 3].map(() => [linesOf(buffer.takeBatch()).length, buffer.remove()])).toEqual([
      [2, 2],
      [1, 1],
      [1, 1],
    ]);
    expect(linesOf(buffer.takeBatch())).toEqual(['line 03']);
  });

  test('a batch that failed is taken again, whole, before any newer line', () => {
    const buffer = bufferOf({ maxBatchLines: 2 });
    appendLines(buffer, 0, 3);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(0, 2));
    buffer.retryLater();
    appendLines(buffer, 3, 5);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(0, 2));
    buffer.remove();
    expect(drain(buffer)).toEqual(numbered(2, 5));
  });

  test('maxBatchLines is capped at maxBufferedLines, so that a full buffer is a full batch', () => {
    const buffer = bufferOf({ maxBatchLines: 100, maxBufferedLines: 3 });
    appendLines(buffer, 0, 3);
    expect(buffer.msUntilDue(0)).toBe(0);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(0, 3));
  });
});

describe('when a batch is due', () => {
  test('batchIntervalMs after its oldest line arrived, never in the past, never when empty', () => {
    const buffer = bufferOf({ batchIntervalMs: 300 });
    expect(buffer.msUntilDue(0)).toBeUndefined();
    appendLines(buffer, 0, 1, 1000);
    appendLines(buffer, 1, 2, 1200);
    expect(buffer.msUntilDue(1200)).toBe(100);
    expect(buffer.msUntilDue(5000)).toBe(0);
  });

  test('at once when the queue holds a full batch, by lines or by bytes', () => {
    const byLines = bufferOf({ maxBatchLines: 3 });
    appendLines(byLines, 0, 2);
    expect(byLines.msUntilDue(0)).toBe(1000);
    appendLines(byLines, 2, 3);
    expect(byLines.msUntilDue(0)).toBe(0);

    const byBytes = bufferOf({ maxBatchBytes: 2 * LINE_BYTES });
    appendLines(byBytes, 0, 2);
    expect(byBytes.msUntilDue(0)).toBe(0);
  });

  test('at once when a batch waits for its retry', () => {
    const buffer = bufferOf();
    appendLines(buffer, 0, 1);
    buffer.takeBatch();
    buffer.retryLater();
    expect(buffer.msUntilDue(0)).toBe(0);
  });
});

describe('bounds', () => {
  test('beyond maxBufferedLines, the oldest lines are dropped and counted', () => {
    const buffer = bufferOf({ maxBufferedLines: 5 });
    expect(appendLines(buffer, 0, 8)).toBe(3);
    expect(buffer.size).toBe(5);
    expect(drain(buffer)).toEqual(numbered(3, 8));
  });

  test('beyond maxBufferedBytes, likewise', () => {
    const buffer = bufferOf({ maxBufferedBytes: 4 * LINE_BYTES });
    expect(appendLines(buffer, 0, 10)).toBe(6);
    expect(drain(buffer)).toEqual(numbered(6, 10));
  });

  test('a batch in flight is never dropped: the queue behind it is', () => {
    const buffer = bufferOf({ maxBufferedLines: 5, maxBatchLines: 3 });
    appendLines(buffer, 0, 5);
    expect(linesOf(buffer.takeBatch())).toEqual(numbered(0, 3));
    expect(appendLines(buffer, 5, 9)).toBe(4);
    expect(buffer.size).toBe(5);
    buffer.remove();
    expect(drain(buffer)).toEqual(['line 07', 'line 08']);
  });

  test('past the queue, only the batch in flight is left, even above the bounds', () => {
    const buffer = bufferOf({ maxBufferedLines: 10, maxBatchLines: 10, maxBufferedBytes: 20 * LINE_BYTES });
    appendLines(buffer, 0, 10);
    buffer.takeBatch();
    expect(appendLines(buffer, 10, 12)).toBe(2);
    expect(buffer.size).toBe(10);
  });

  test('a batch waiting for its retry is the oldest, so it loses lines first', () => {
    const buffer = bufferOf({ maxBufferedLines: 5, maxBatchLines: 3 });
    appendLines(buffer, 0, 5);
    buffer.takeBatch();
    buffer.retryLater();
    expect(appendLines(buffer, 5, 7)).toBe(2);
    expect(linesOf(buffer.takeBatch())).toEqual(['line 02']);
    buffer.remove();
    expect(drain(buffer)).toEqual(numbered(3, 7));
  });

  test('clear() drops everything, batch included, and says how much', () => {
    const buffer = bufferOf({ maxBatchLines: 2 });
    appendLines(buffer, 0, 5);
    buffer.takeBatch();
    expect(buffer.clear()).toBe(5);
    expect(buffer.size).toBe(0);
    expect(buffer.oldestSeq).toBeUndefined();
    expect(buffer.takeBatch()).toEqual([]);
  });
});

test('seq numbers lines in arrival order, across batches and drops', () => {
  const buffer = bufferOf({ maxBufferedLines: 3, maxBatchLines: 2 });
  expect(buffer.lastSeq).toBe(-1);
  appendLines(buffer, 0, 5);
  expect([buffer.oldestSeq, buffer.lastSeq]).toEqual([2, 4]);
  expect(buffer.takeBatch().map((item) => item.seq)).toEqual([2, 3]);
});

test('whatever happens, each line is dropped or pushed once, oldest first, and a batch in flight is kept whole', () => {
  const step = fc.oneof(
    fc.integer({ min: 1, max: 8 }), // that many lines written
    fc.constantFrom('push' as const, 'fail' as const, 'succeed' as const),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
      const buffer = bufferOf({ maxBufferedLines: 10, maxBatchLines: 4, maxBufferedBytes: 8 * LINE_BYTES });
      let written = 0;
      let dropped = 0;
      const pushed: number[] = [];
      let inFlight: readonly { seq: number }[] = [];
      for (const action of steps) {
        if (typeof action === 'number') {
          dropped += appendLines(buffer, written, written + action);
          written += action;
          if (inFlight.length === 0) expect(buffer.size).toBeLessThanOrEqual(10);
        } else if (action === 'push' && inFlight.length === 0) {
          inFlight = buffer.takeBatch();
        } else if (action === 'fail' && inFlight.length > 0) {
          buffer.retryLater();
          inFlight = [];
        } else if (action === 'succeed' && inFlight.length > 0) {
          expect(buffer.remove()).toBe(inFlight.length);
          pushed.push(...inFlight.map((item) => item.seq));
          inFlight = [];
        }
        expect(buffer.size + dropped + pushed.length).toBe(written);
      }
      buffer.retryLater();
      for (let batch = buffer.takeBatch(); batch.length > 0; batch = buffer.takeBatch()) {
        pushed.push(...batch.map((item) => item.seq));
        buffer.remove();
      }
      expect(pushed.length + dropped).toBe(written);
      expect(pushed).toEqual([...pushed].sort((a, b) => a - b));
      expect(new Set(pushed).size).toBe(pushed.length);
    }),
  );
});
