/**
 * The shipper's pushes: the oldest batch of the buffer to Loki, one push at a time, and what each
 * outcome means.
 *
 * A sent batch leaves the buffer. A refused one too, its lines dropped and counted, so that one
 * poison batch cannot block the lines behind it. A failed one stays first in line and is pushed
 * again after a backoff that grows with each failure in a row (lib/retry/backoff.ts). The next
 * push starts on a timer, when a batch is due or the backoff is over; the timer is unref'd, as logs
 * never keep a process alive.
 */
import { Backoff } from '../../retry/backoff';
import type { BufferedLine, LineBuffer } from './line-buffer';
import { type PushOutcome, type PushTarget, startPushAttempt } from './push-attempt';
import { type LokiEntry, toEntry } from './push-request';
import type { ShipperHealth } from './shipper-health';

/** How a push ended, or 'idle' when there was nothing to push or the loop was stopped. */
export type PushLoopOutcome = PushOutcome['kind'] | 'idle';

/** The shipper's retry options (shipper-options.ts): backoff from retryMinMs up to retryMaxMs, equal jitter. */
export interface BackoffBounds {
  retryMinMs: number;
  retryMaxMs: number;
}

export class PushLoop {
  /** Lines parsed once, not once per retry. */
  private readonly entries = new WeakMap<BufferedLine, LokiEntry>();
  private inFlight: Promise<PushLoopOutcome> | undefined;
  private abortInFlight: ((reason: string) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = 0;
  private readonly backoff: Backoff;
  private parked = false;
  private stopped = false;

  constructor(
    private readonly buffer: LineBuffer,
    private readonly target: PushTarget,
    retry: BackoffBounds,
    private readonly health: ShipperHealth,
  ) {
    this.backoff = new Backoff({ initialMs: retry.retryMinMs, maxMs: retry.retryMaxMs });
  }

  /** Lines were appended: arms the timer for when their batch is due. */
  linesAdded(now: number): void {
    // While backing off, new lines wait for the retry: they must not hammer a Loki that is down.
    if (!this.inFlight && this.backoff.failures === 0) this.wakeIn(this.buffer.msUntilDue(now));
  }

  /** The push in flight, else a push of the oldest batch now. Never rejects. */
  pushNow(): Promise<PushLoopOutcome> {
    return this.inFlight ?? this.startPush();
  }

  /** No more timers: from now on only pushNow() pushes. For closing. */
  park(): void {
    this.parked = true;
    this.clearTimer();
  }

  /** No more pushes nor diagnostics; given a reason, the push in flight is abandoned with it. */
  stop(abortReason?: string): void {
    this.stopped = true;
    if (abortReason !== undefined) this.abortInFlight?.(abortReason);
  }

  /** Arms the push timer, keeping an earlier one unless told to replace it. */
  private wakeIn(delayMs: number | undefined, replace = false): void {
    if (delayMs === undefined || this.parked) return;
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

  private startPush(): Promise<PushLoopOutcome> {
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
      this.health.pushFailed(outcome.failure);
      const delayMs = this.backoff.failed();
      this.report(`push failed (${outcome.failure.reason}), retrying`);
      this.wakeIn(delayMs, true);
      return;
    }
    const lines = this.buffer.remove();
    this.backoff.succeeded();
    if (outcome.kind === 'sent') {
      this.health.sent(lines);
    } else {
      this.health.rejected(outcome.failure, lines);
      const { status, reason } = outcome.failure;
      this.report(`Loki rejected ${lines} lines (${status} ${reason}), dropped them`);
    }
    this.wakeIn(this.buffer.msUntilDue(Date.now()), true);
  }

  /** Silent once stopped: an abandoned push is no news. */
  private report(problem: string): void {
    if (!this.stopped) this.health.report(problem, this.buffer.size);
  }
}
