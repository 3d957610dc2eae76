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
 *
 * This file is the loop: when to push, what to do with each outcome, flush and close. The lines
 * wait in line-buffer.ts, one HTTP attempt is push-attempt.ts, and retry-policy.ts says which
 * failures are retried and after how long.
 */
import { type BufferedLine, LineBuffer } from './line-buffer';
import { type PushFailure, type PushOutcome, type PushTarget, startPushAttempt } from './push-attempt';
import { type LokiEntry, type StaticLabels, toEntry } from './push-request';
import { backoffMs } from './retry-policy';

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

/** A failed push (`status` when Loki answered, `reason` truncated) or a batch Loki refused. */
export type LokiShipperError = PushFailure;

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

type Outcome = PushOutcome['kind'] | 'idle';

export function createLokiShipper(options: LokiShipperOptions): LokiShipper {
  return new Shipper(options);
}

class Shipper implements LokiShipper {
  private readonly config: Required<Omit<LokiShipperOptions, 'onDrop' | 'headers'>>;
  private readonly target: PushTarget;
  private readonly origin: string;
  private readonly buffer: LineBuffer;
  /** Lines parsed once, not once per retry. */
  private readonly entries = new WeakMap<BufferedLine, LokiEntry>();
  private inFlight: Promise<Outcome> | undefined;
  private abortInFlight: ((reason: string) => void) | undefined;
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
    this.origin = new URL(options.url).origin; // throws at start-up on a bad URL, never later
    this.config = {
      ...DEFAULTS,
      report: (message: string) => process.stderr.write(`${message}\n`),
      ...withoutUndefined(options),
      url: options.url,
      labels: options.labels,
    };
    this.target = {
      url: options.url.replace(/\/+$/, '') + PUSH_PATH,
      labels: options.labels,
      headers: options.headers,
      timeoutMs: this.config.requestTimeoutMs,
    };
    this.buffer = new LineBuffer(this.config);
  }

  write(chunk: string): void {
    try {
      const now = Date.now();
      for (const line of String(chunk).split('\n')) {
        if (line.length === 0) continue;
        if (this.closing) this.drop(1);
        else this.buffer.append(line, now);
      }
      this.drop(this.buffer.trim());
      // While backing off, new lines wait for the retry: they must not hammer a Loki that is down.
      if (!this.inFlight && this.consecutiveFailures === 0) this.wakeIn(this.buffer.msUntilDue(now));
    } catch {
      // A destination that throws would break the service's logging: swallow.
    }
  }

  async flush(callback?: (error?: Error) => void): Promise<void> {
    // Lines written meanwhile are not waited for: a busy logger must not make flush() endless.
    const lastSeq = this.buffer.lastSeq;
    try {
      for (;;) {
        const oldest = this.buffer.oldestSeq;
        if (oldest === undefined || oldest > lastSeq) break;
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
    return { ...this.counters, buffered_lines: this.buffer.size };
  }

  lastErrors(): { push?: LokiShipperError; rejection?: LokiShipperError } {
    return { ...this.errors };
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.clearTimer();
    const deadline = setTimeout(() => {
      this.stopped = true;
      this.abortInFlight?.('closed before Loki answered');
    }, timeoutMs);
    deadline.unref();
    await this.flush();
    clearTimeout(deadline);
    this.stopped = true;
    this.drop(this.buffer.clear());
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

  /** Pushes the oldest batch; the returned promise never rejects. One at a time. */
  private startPush(): Promise<Outcome> {
    if (this.stopped) return Promise.resolve('idle');
    const batch = this.buffer.takeBatch();
    if (batch.length === 0) return Promise.resolve('idle');
    const attempt = startPushAttempt(
      this.target,
      batch.map((item) => this.entryOf(item)),
    );
    this.abortInFlight = attempt.abort;
    this.inFlight = attempt.outcome.then((outcome) => {
      this.inFlight = undefined;
      this.abortInFlight = undefined;
      this.settle(outcome);
      return outcome.kind;
    });
    return this.inFlight;
  }

  private entryOf(item: BufferedLine): LokiEntry {
    let entry = this.entries.get(item);
    if (!entry) {
      entry = toEntry(item.line, item.receivedAtMs);
      this.entries.set(item, entry);
    }
    return entry;
  }

  private settle(outcome: PushOutcome): void {
    if (outcome.kind === 'retry') {
      this.buffer.retryLater();
      this.errors.push = outcome.failure;
      this.counters.failed_pushes++;
      this.consecutiveFailures++;
      this.reportProblem(`push failed (${outcome.failure.reason}), retrying`);
      this.wakeIn(backoffMs(this.consecutiveFailures, this.config), true);
      return;
    }
    const lines = this.buffer.remove();
    this.consecutiveFailures = 0;
    if (outcome.kind === 'sent') {
      this.counters.sent_lines += lines;
    } else {
      this.errors.rejection = outcome.failure;
      this.counters.failed_pushes++;
      this.drop(lines);
      const { status, reason } = outcome.failure;
      this.reportProblem(`Loki rejected ${lines} lines (${status} ${reason}), dropped them`);
    }
    this.wakeIn(this.buffer.msUntilDue(Date.now()), true);
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

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
