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
 * This file is the public face: write, flush and close. The options are in shipper-options.ts,
 * the lines wait in line-buffer.ts, push-loop.ts pushes them (one HTTP attempt is push-attempt.ts;
 * which failures are retried and after how long is lib/retry/), and shipper-health.ts keeps
 * the counters, last errors and diagnostics.
 */
import { LineBuffer } from './line-buffer';
import { PushLoop } from './push-loop';
import { type LokiShipperErrors, type LokiShipperStats, ShipperHealth } from './shipper-health';
import { DEFAULTS, type LokiShipperOptions, resolveOptions } from './shipper-options';

export type { LokiShipperError, LokiShipperErrors, LokiShipperStats } from './shipper-health';
export type { LokiShipperOptions } from './shipper-options';

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
  lastErrors(): LokiShipperErrors;
}

export function createLokiShipper(options: LokiShipperOptions): LokiShipper {
  return new Shipper(options);
}

class Shipper implements LokiShipper {
  private readonly buffer: LineBuffer;
  private readonly health: ShipperHealth;
  private readonly loop: PushLoop;
  private closing: Promise<void> | undefined;

  constructor(options: LokiShipperOptions) {
    const { config, target, origin } = resolveOptions(options);
    this.buffer = new LineBuffer(config);
    this.health = new ShipperHealth({ ...config, onDrop: options.onDrop, origin });
    this.loop = new PushLoop(this.buffer, target, config, this.health);
  }

  write(chunk: string): void {
    try {
      const now = Date.now();
      for (const line of String(chunk).split('\n')) {
        if (line.length === 0) continue;
        if (this.closing) this.health.drop(1);
        else this.buffer.append(line, now);
      }
      this.health.drop(this.buffer.trim());
      this.loop.linesAdded(now);
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
        const outcome = await this.loop.pushNow();
        if (outcome === 'idle' || outcome === 'retry') break;
      }
    } catch {
      // pushNow never rejects; this only guards the promise contract.
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
    return this.health.stats(this.buffer.size);
  }

  lastErrors(): LokiShipperErrors {
    return this.health.lastErrors();
  }

  private async shutDown(timeoutMs: number): Promise<void> {
    this.loop.park();
    const deadline = setTimeout(() => this.loop.stop('closed before Loki answered'), timeoutMs);
    deadline.unref();
    await this.flush();
    clearTimeout(deadline);
    this.loop.stop();
    this.health.drop(this.buffer.clear());
  }
}
