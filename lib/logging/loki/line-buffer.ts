/**
 * The shipper's memory: log lines waiting for Loki, oldest first, within a bound on lines and bytes.
 *
 * The oldest lines form the batch, the one being pushed or waiting to be retried; the others are
 * the queue, from which the next batch is taken. When the buffer overflows, the oldest lines are
 * dropped first, those of a batch waiting for its retry included; a batch in flight is never
 * touched (it is itself bounded by maxBatchLines and maxBatchBytes). Bookkeeping only: no timers,
 * no I/O; the caller counts what trim() and clear() drop.
 */

export interface LineBufferOptions {
  /** Most lines in one batch; capped at maxBufferedLines, so that a batch can always be formed. */
  maxBatchLines: number;
  /** Most bytes in one batch, except that a single larger line still goes, alone. */
  maxBatchBytes: number;
  /** Most lines held, batch included. */
  maxBufferedLines: number;
  /** Most bytes held, batch included. */
  maxBufferedBytes: number;
  /** Longest a line waits before a batch that is not full is due. */
  batchIntervalMs: number;
}

export interface BufferedLine {
  readonly line: string;
  readonly receivedAtMs: number;
  readonly bytes: number;
  /** Arrival order, from 0: lets a caller stop at the lines that were there at some point. */
  readonly seq: number;
}

export class LineBuffer {
  private readonly options: LineBufferOptions;
  private queue: BufferedLine[] = [];
  private batch: BufferedLine[] = [];
  private queueBytes = 0;
  private batchBytes = 0;
  private nextSeq = 0;
  private inFlight = false;

  constructor(options: LineBufferOptions) {
    const maxBatchLines = Math.max(1, Math.min(options.maxBatchLines, options.maxBufferedLines));
    this.options = { ...options, maxBatchLines };
  }

  /** Lines held, batch included. */
  get size(): number {
    return this.batch.length + this.queue.length;
  }

  /** The seq of the newest line ever appended, -1 before the first. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** The seq of the oldest line held, undefined when empty. */
  get oldestSeq(): number | undefined {
    return (this.batch[0] ?? this.queue[0])?.seq;
  }

  /** Adds a line at the end, bounds unchecked: call trim() after a burst. */
  append(line: string, receivedAtMs: number): void {
    const bytes = Buffer.byteLength(line);
    this.queue.push({ line, receivedAtMs, bytes, seq: this.nextSeq++ });
    this.queueBytes += bytes;
  }

  /** Drops the oldest lines not in flight until the bounds hold; returns how many it dropped. */
  trim(): number {
    const { maxBufferedLines, maxBufferedBytes } = this.options;
    let dropped = 0;
    while (this.size > maxBufferedLines || this.batchBytes + this.queueBytes > maxBufferedBytes) {
      if (this.batch.length > 0 && !this.inFlight) {
        this.batchBytes -= this.batch.shift()?.bytes ?? 0;
      } else {
        const oldest = this.queue.shift();
        if (!oldest) break; // only the batch in flight is left
        this.queueBytes -= oldest.bytes;
      }
      dropped++;
    }
    return dropped;
  }

  /** Milliseconds until a batch is due: 0 for a batch to retry or a full one, undefined when empty. */
  msUntilDue(now: number): number | undefined {
    if (this.batch.length > 0) return 0;
    const oldest = this.queue[0];
    if (!oldest) return undefined;
    const { maxBatchLines, maxBatchBytes, batchIntervalMs } = this.options;
    if (this.queue.length >= maxBatchLines || this.queueBytes >= maxBatchBytes) return 0;
    return Math.max(0, oldest.receivedAtMs + batchIntervalMs - now);
  }

  /**
   * The batch to push now, marked in flight: the one waiting for its retry, else the oldest lines
   * within the batch bounds. Empty when nothing is buffered. One at a time: settle it with
   * retryLater() or remove() before taking the next.
   */
  takeBatch(): readonly BufferedLine[] {
    if (this.batch.length === 0) this.formBatch();
    this.inFlight = this.batch.length > 0;
    return [...this.batch];
  }

  /** The push failed: the batch stays first in line for the retry, and may be trimmed meanwhile. */
  retryLater(): void {
    this.inFlight = false;
  }

  /** The push is over (sent, or refused for good): forgets the batch; returns how many lines it had. */
  remove(): number {
    const lines = this.batch.length;
    this.batch = [];
    this.batchBytes = 0;
    this.inFlight = false;
    return lines;
  }

  /** Forgets everything; returns how many lines that dropped. */
  clear(): number {
    const lines = this.size;
    this.queue = [];
    this.queueBytes = 0;
    this.remove();
    return lines;
  }

  private formBatch(): void {
    const { maxBatchLines, maxBatchBytes } = this.options;
    let count = 0;
    let bytes = 0;
    for (const item of this.queue) {
      if (count >= maxBatchLines || (count > 0 && bytes + item.bytes > maxBatchBytes)) break;
      bytes += item.bytes;
      count++;
    }
    this.batch = this.queue.splice(0, count);
    this.batchBytes = bytes;
    this.queueBytes -= bytes;
  }
}
