/**
 * Ships log lines to Grafana Loki in batches, as a pino destination.
 *
 * Written instead of pino-loki because a log pipeline must survive its backend: here a push that
 * fails on the network, times out, or gets 429/5xx is retried with backoff until Loki is back, in
 * order; only a bounded buffer is kept, and when it overflows the oldest lines are dropped and
 * counted. A batch Loki refuses outright (other 4xx, e.g. "timestamp too old") is dropped and
 * counted too, so one poison batch cannot block the lines behind it.
 *
 * write() only appends to memory; pushes happen later on unref'd timers, one at a time, each with
 * a deadline. The shipper never logs through the logger (that would loop back into write()): its
 * health is in stats(), lastErrors() and at most one line on stderr per reportIntervalMs.
 */
import { buildPushRequest, type LokiEntry, type StaticLabels, toEntry } from './push-request';

export interface LokiShipperOptions {
  /** Loki's base URL, e.g. http://loki:3100. Lines go to `<url>/loki/api/v1/push`. No credentials in it: use `headers`. */
  url: string;
  /** Labels of every stream; `level` is added per line. */
  labels: StaticLabels;
  /** Longest a line waits to be batched while Loki is healthy. Default 1000 ms. A full batch goes at once. */
  batchIntervalMs?: number;
  /** Most lines in one push. Default 1000. */
  maxBatchLines?: number;
  /** Most bytes of lines in one push. Default 1 MiB (Promtail's batch size). */
  maxBatchBytes?: number;
  /** Most lines held in memory, including the batch being pushed. Default 10000; beyond it the oldest are dropped. */
  maxBufferedLines?: number;
  /** Most bytes of lines held in memory, likewise. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** Deadline of one push, after which it is abandoned and retried. Default 5000 ms. */
  requestTimeoutMs?: number;
  /** Delay before the first retry; doubled per consecutive failure, randomised (jitter). Default 250 ms. */
  retryMinMs?: number;
  /** Longest delay between retries. Default 30000 ms. */
  retryMaxMs?: number;
  /** Sent with every push, e.g. `{ 'X-Scope-OrgID': 'clicky' }` or `{ Authorization: 'Basic …' }`. */
  headers?: Record<string, string>;
  /** Told how many lines were just dropped (overflow, rejected batch, close); called later, coalesced. Must not log through this shipper. */
  onDrop?: (count: number) => void;
  /** Where the diagnostic line goes. Default: process.stderr. */
  report?: (message: string) => void;
  /** At most one diagnostic line per this interval. Default 60000 ms. */
  reportIntervalMs?: number;
}

export interface LokiShipperStats {
  sent_lines: number;
  dropped_lines: number;
  buffered_lines: number;
  failed_pushes: number;
}

export interface LokiShipperError {
  /** ISO time of the failure. */
  at: string;
  /** HTTP status, when Loki answered. */
  status?: number;
  /** Loki's answer (truncated) or the network error. */
  reason: string;
  /** Lines in the batch concerned. */
  lines: number;
}

export interface LokiShipper {
  /** pino destination: takes one or more newline-terminated lines. Never throws, never waits. */
  write(chunk: string): void;
  /** Pushes everything buffered now, one attempt per batch, stopping at the first retryable failure. Never rejects. */
  flush(callback?: (error?: Error) => void): Promise<void>;
  /** Stops accepting lines (later ones are dropped and counted), flushes as flush() does for at most timeoutMs (default 2000), then drops and counts what is left. */
  close(timeoutMs?: number): Promise<void>;
  /** For pino.multistream's end(): same as close() with its default timeout. */
  end(): void;
  stats(): LokiShipperStats;
  /** The last failed push (retried), and the last batch Loki rejected (dropped), for debugging. */
  lastErrors(): { push?: LokiShipperError; rejection?: LokiShipperError };
}

const DEFAULTS = {
  batchIntervalMs: 1000,
  maxBatchLines: 1000,
  maxBatchBytes: 1024 * 1024,
  maxBufferedLines: 10_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 5000,
  retryMinMs: 250,
  retryMaxMs: 30_000,
  reportIntervalMs: 60_000,
  closeTimeoutMs: 2000,
};

const PUSH_PATH = '/loki/api/v1/push';
const MAX_REASON_CHARS = 500;

interface Buffered {
  line: string;
  receivedAtMs: number;
  bytes: number;
  /** Arrival order, so flush() can stop at the lines that were there when it was called. */
  seq: number;
  entry?: LokiEntry;
}

type Outcome = 'sent' | 'rejected' | 'retry' | 'idle';

export function createLokiShipper(options: LokiShipperOptions): LokiShipper {
  return new Shipper(options);
}

class Shipper implements LokiShipper {
  private readonly config: Required<Omit<LokiShipperOptions, 'onDrop' | 'headers'>>;
  private readonly pushUrl: string;
  private readonly origin: string;
  /** Lines not yet in a batch, oldest first. */
  private queue: Buffered[] = [];
  /** The oldest lines, being pushed or waiting to be retried. */
  private batch: Buffered[] = [];
  private queueBytes = 0;
  private batchBytes = 0;
  private nextSeq = 0;
  private inFlight: Promise<Outcome> | undefined;
  private abortInFlight: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = 0;
  private consecutiveFailures = 0;
  private closing: Promise<void> | undefined;
  private stopped = false;
  private counters = { sent_lines: 0, dropped_lines: 0, failed_pushes: 0 };
  private errors: { push?: LokiShipperError; rejection?: LokiShipperError } = {};
  private dropsToNotify = 0;
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: LokiShipperOptions) {
    const base = new URL(options.url); // throws at start-up on a bad URL, never later
    this.origin = base.origin;
    this.pushUrl = options.url.replace(/\/+$/, '') + PUSH_PATH;
    const config = {
      ...DEFAULTS,
      report: (message: string) => process.stderr.write(`${message}\n`),
      ...withoutUndefined(options),
      url: options.url,
      labels: options.labels,
    };
    // A batch must fit in the buffer, or it could never be formed.
    config.maxBatchLines = Math.max(1, Math.min(config.maxBatchLines, config.maxBufferedLines));
    this.config = config;
  }

  write(chunk: string): void {
    try {
      const now = Date.now();
      for (const line of String(chunk).split('\n')) {
        if (line.length === 0) continue;
        if (this.closing) {
          this.drop(1);
          continue;
        }
        const bytes = Buffer.byteLength(line);
        this.queue.push({ line, receivedAtMs: now, bytes, seq: this.nextSeq++ });
        this.queueBytes += bytes;
      }
      this.enforceBounds();
      // While backing off, new lines wait for the retry: they must not hammer a Loki that is down.
      if (!this.inFlight && this.consecutiveFailures === 0) this.wakeIn(this.nextPushDelay(now));
    } catch {
      // A destination that throws would break the service's logging: swallow.
    }
  }

  async flush(callback?: (error?: Error) => void): Promise<void> {
    // Lines written meanwhile are not waited for: a busy logger must not make flush() endless.
    const lastSeq = this.nextSeq - 1;
    try {
      for (;;) {
        const oldest = this.batch[0] ?? this.queue[0];
        if (!oldest || oldest.seq > lastSeq) break;
        const outcome = await (this.inFlight ?? this.startPush());
        if (outcome === 'idle' || outcome === 'retry') break;
      }
    } catch {
      // startPush never rejects; this only guards the promise contract.
    }
    callback?.();
  }

  close(timeoutMs = DEFAULTS.closeTimeoutMs): Promise<void> {
    this.closing ??= this.shutDown(timeoutMs);
    return this.closing;
  }

  end(): void {
    void this.close();
  }

  stats(): LokiShipperStats {
    return { ...this.counters, buffered_lines: this.batch.length + this.queue.length };
  }

  lastErrors(): { push?: LokiShipperError; rejection?: LokiShipperError } {
    return { ...this.errors };
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.clearTimer();
    const deadline = setTimeout(() => {
      this.stopped = true;
      this.abortInFlight?.();
    }, timeoutMs);
    deadline.unref();
    await this.flush();
    clearTimeout(deadline);
    this.stopped = true;
    const left = this.batch.length + this.queue.length;
    this.batch = [];
    this.queue = [];
    this.batchBytes = 0;
    this.queueBytes = 0;
    this.drop(left);
  }

  /** Drops the oldest lines that are not being pushed right now until the buffer fits its bounds. */
  private enforceBounds(): void {
    const { maxBufferedLines, maxBufferedBytes } = this.config;
    let dropped = 0;
    while (
      this.batch.length + this.queue.length > maxBufferedLines ||
      this.batchBytes + this.queueBytes > maxBufferedBytes
    ) {
      if (this.batch.length > 0 && !this.inFlight) {
        this.batchBytes -= this.batch.shift()?.bytes ?? 0;
      } else {
        const oldest = this.queue.shift();
        if (!oldest) break; // only the batch in flight is left: it is bounded by maxBatchLines
        this.queueBytes -= oldest.bytes;
      }
      dropped++;
    }
    this.drop(dropped);
  }

  private drop(count: number): void {
    if (count <= 0) return;
    this.counters.dropped_lines += count;
    const { onDrop } = this.options;
    if (!onDrop) return;
    // Deferred and coalesced: never re-enter the caller's write(), one call per burst.
    if (this.dropsToNotify === 0) {
      setImmediate(() => {
        const dropped = this.dropsToNotify;
        this.dropsToNotify = 0;
        try {
          onDrop(dropped);
        } catch {
          // The callback's failure is not ours to surface.
        }
      }).unref();
    }
    this.dropsToNotify += count;
  }

  /** Milliseconds until the next push is due, or undefined when nothing is buffered. */
  private nextPushDelay(now: number): number | undefined {
    if (this.batch.length > 0) return 0;
    const oldest = this.queue[0];
    if (!oldest) return undefined;
    if (this.queue.length >= this.config.maxBatchLines || this.queueBytes >= this.config.maxBatchBytes)
      return 0;
    return Math.max(0, oldest.receivedAtMs + this.config.batchIntervalMs - now);
  }

  /** Arms the push timer, keeping an earlier one. Unref'd: logs never keep a process alive. */
  private wakeIn(delayMs: number | undefined, replace = false): void {
    if (delayMs === undefined || this.closing) return;
    const dueAt = Date.now() + delayMs;
    if (this.timer && !replace && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.inFlight) void this.startPush();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private startPush(): Promise<Outcome> {
    if (this.batch.length === 0) this.takeBatch();
    if (this.batch.length === 0 || this.stopped) return Promise.resolve('idle');
    const attempt = this.push(this.batch).then((outcome) => {
      this.inFlight = undefined;
      this.abortInFlight = undefined;
      this.settle(outcome);
      return outcome;
    });
    this.inFlight = attempt;
    return attempt;
  }

  private takeBatch(): void {
    const { maxBatchLines, maxBatchBytes } = this.config;
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

  /** One HTTP attempt. Resolves with what to do next; never rejects. */
  private async push(batch: Buffered[]): Promise<Outcome> {
    const controller = new AbortController();
    this.abortInFlight = () => controller.abort(new Error('closed before Loki answered'));
    try {
      const entries = batch.map((item) => {
        item.entry ??= toEntry(item.line, item.receivedAtMs);
        return item.entry;
      });
      const response = await fetch(this.pushUrl, {
        method: 'POST',
        headers: { ...this.options.headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(buildPushRequest(this.config.labels, entries)),
        signal: AbortSignal.any([controller.signal, AbortSignal.timeout(this.config.requestTimeoutMs)]),
      });
      const answer = (await response.text()).slice(0, MAX_REASON_CHARS).trim();
      if (response.ok) return 'sent';
      const error = {
        at: new Date().toISOString(),
        status: response.status,
        reason: answer,
        lines: batch.length,
      };
      if (isRetryable(response.status)) {
        this.errors.push = error;
        return 'retry';
      }
      this.errors.rejection = error;
      return 'rejected';
    } catch (error) {
      this.errors.push = { at: new Date().toISOString(), reason: describe(error), lines: batch.length };
      return 'retry';
    }
  }

  private settle(outcome: Outcome): void {
    const lines = this.batch.length;
    if (outcome === 'retry') {
      this.counters.failed_pushes++;
      this.consecutiveFailures++;
      this.reportProblem(`push failed (${this.errors.push?.reason}), retrying`);
      this.wakeIn(this.backoffMs(), true);
      return;
    }
    this.batch = [];
    this.batchBytes = 0;
    this.consecutiveFailures = 0;
    if (outcome === 'sent') this.counters.sent_lines += lines;
    if (outcome === 'rejected') {
      this.counters.failed_pushes++;
      this.drop(lines);
      const { status, reason } = this.errors.rejection ?? {};
      this.reportProblem(`Loki rejected ${lines} lines (${status} ${reason}), dropped them`);
    }
    this.wakeIn(this.nextPushDelay(Date.now()), true);
  }

  private backoffMs(): number {
    const { retryMinMs, retryMaxMs } = this.config;
    const exponential = Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(this.consecutiveFailures - 1, 30));
    // Jitter between half and all of the delay, so restarted services do not retry in lockstep.
    return Math.max(retryMinMs, exponential * (0.5 + Math.random() * 0.5));
  }

  private reportProblem(problem: string): void {
    const now = Date.now();
    if (this.stopped || now - this.lastReportAt < this.config.reportIntervalMs) return;
    this.lastReportAt = now;
    const { buffered_lines, dropped_lines, failed_pushes } = this.stats();
    try {
      this.config.report(
        `loki-shipper: ${this.origin}: ${problem}; buffered_lines=${buffered_lines} dropped_lines=${dropped_lines} failed_pushes=${failed_pushes}`,
      );
    } catch {
      // stderr closed: nothing left to tell.
    }
  }
}

/** 429 (rate limited), 408 and 5xx are transient; any other 4xx will fail the same way again. */
function isRetryable(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** "fetch failed: ECONNREFUSED", "TimeoutError: …": fetch hides the useful part in `cause`. */
function describe(error: unknown): string {
  // Duck-typed: errors from another realm (vm, jest) fail `instanceof Error`.
  const { name, message, cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (typeof message !== 'string') return String(error).slice(0, MAX_REASON_CHARS);
  const { code, message: detail } = (cause ?? {}) as { code?: unknown; message?: unknown };
  const why = typeof code === 'string' ? code : typeof detail === 'string' ? detail : undefined;
  return (why ? `${message}: ${why}` : `${name ?? 'Error'}: ${message}`).slice(0, MAX_REASON_CHARS);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
