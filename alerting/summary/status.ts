/**
 * How the scheduler's last summary run went, for its status endpoint (./status-server.ts): a process
 * that is up but whose morning email failed is broken, and nobody would notice until the next day.
 * Keeps when and whether, never the email itself nor its recipients.
 */
import type { SummaryRunResult } from './run-summary';

export interface LastRun {
  /** When the run ended (after its retries). */
  at: Date;
  sent: boolean;
  /** False when Prometheus could not be read and the email said so instead. */
  historyRead: boolean;
}

export interface RunStatus {
  /** Undefined until the first scheduled run ended. */
  readonly lastRun: LastRun | undefined;
  record(result: Pick<SummaryRunResult, 'sent' | 'summary'>, at?: Date): void;
}

export function createRunStatus(): RunStatus {
  let lastRun: LastRun | undefined;
  return {
    get lastRun() {
      return lastRun;
    },
    record(result, at = new Date()) {
      lastRun = { at, sent: result.sent, historyRead: result.summary !== undefined };
    },
  };
}
