/**
 * What a Loki shipper is told at start-up, its defaults, and the settings derived from it.
 *
 * Resolved once, in the constructor: a bad URL must fail the service's start, not a push later.
 */
import type { PushTarget } from './push-attempt';
import type { StaticLabels } from './push-request';

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

export const DEFAULTS = {
  batchIntervalMs: 1000,
  maxBatchLines: 1000,
  maxBatchBytes: 1024 * 1024,
  maxBufferedLines: 10_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  requestTimeoutMs: 5000,
  retryMinMs: 250,
  retryMaxMs: 30_000,
  reportIntervalMs: 60_000,
  /** Not an option: close()'s default argument. */
  closeTimeoutMs: 2000,
};

/** The options with every default filled in; `onDrop` and `headers` have none. */
export type ShipperConfig = Required<Omit<LokiShipperOptions, 'onDrop' | 'headers'>>;

export interface ResolvedOptions {
  config: ShipperConfig;
  /** Where and how each push goes. */
  target: PushTarget;
  /** Loki's scheme, host and port: what the diagnostic line names, never a path or credentials. */
  origin: string;
}

const PUSH_PATH = '/loki/api/v1/push';

/** Fills in the defaults (an option set to undefined gets its default too). Throws on a bad URL. */
export function resolveOptions(options: LokiShipperOptions): ResolvedOptions {
  const origin = new URL(options.url).origin;
  const config: ShipperConfig = {
    ...DEFAULTS,
    report: (message: string) => process.stderr.write(`${message}\n`),
    ...withoutUndefined(options),
    url: options.url,
    labels: options.labels,
  };
  const target: PushTarget = {
    url: options.url.replace(/\/+$/, '') + PUSH_PATH,
    labels: options.labels,
    headers: options.headers,
    timeoutMs: config.requestTimeoutMs,
  };
  return { config, target, origin };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
