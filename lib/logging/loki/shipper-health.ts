/**
 * What a Loki shipper says about itself: the counters of stats(), the last errors, onDrop, and a
 * diagnostic line at most once per reportIntervalMs.
 *
 * Never through the logger: the shipper is the logger's destination, so that would loop back into
 * its write(). Nothing here throws into the caller, whatever onDrop or report do.
 */
import type { PushFailure } from './push-attempt';
import type { LokiShipperOptions, ShipperConfig } from './shipper-options';

export interface LokiShipperStats {
  sent_lines: number;
  dropped_lines: number;
  buffered_lines: number;
  failed_pushes: number;
}

/** A failed push (`status` when Loki answered, `reason` truncated) or a batch Loki refused. */
export type LokiShipperError = PushFailure;

export interface LokiShipperErrors {
  /** The last failed push, which was retried. */
  push?: LokiShipperError;
  /** The last batch Loki rejected, which was dropped. */
  rejection?: LokiShipperError;
}

export type ShipperHealthOptions = Pick<ShipperConfig, 'report' | 'reportIntervalMs'> &
  Pick<LokiShipperOptions, 'onDrop'> & {
    /** Names Loki in the diagnostic line, e.g. http://loki:3100. */
    origin: string;
  };

export class ShipperHealth {
  private counters = { sent_lines: 0, dropped_lines: 0, failed_pushes: 0 };
  private errors: LokiShipperErrors = {};
  private dropsToNotify = 0;
  private lastReportAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ShipperHealthOptions) {}

  stats(bufferedLines: number): LokiShipperStats {
    return { ...this.counters, buffered_lines: bufferedLines };
  }

  lastErrors(): LokiShipperErrors {
    return { ...this.errors };
  }

  sent(lines: number): void {
    this.counters.sent_lines += lines;
  }

  /** A push failed and its batch will be retried. */
  pushFailed(failure: PushFailure): void {
    this.errors.push = failure;
    this.counters.failed_pushes++;
  }

  /** Loki refused a batch for good: its lines are dropped. */
  rejected(failure: PushFailure, lines: number): void {
    this.errors.rejection = failure;
    this.counters.failed_pushes++;
    this.drop(lines);
  }

  /** Counts dropped lines and tells onDrop, later. */
  drop(count: number): void {
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

  /** One diagnostic line with the counters, unless one went out less than reportIntervalMs ago. */
  report(problem: string, bufferedLines: number): void {
    const now = Date.now();
    if (now - this.lastReportAt < this.options.reportIntervalMs) return;
    this.lastReportAt = now;
    const { dropped_lines, failed_pushes } = this.counters;
    try {
      this.options.report(
        `loki-shipper: ${this.options.origin}: ${problem}; buffered_lines=${bufferedLines} dropped_lines=${dropped_lines} failed_pushes=${failed_pushes}`,
      );
    } catch {
      // stderr closed: nothing left to tell.
    }
  }
}
