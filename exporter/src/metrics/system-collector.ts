/**
 * What postgres-system.ts and redis-system.ts share: options, the handle, and wiring a background
 * poller to the error counter.
 */
import type { Registry } from 'prom-client';
import { createPoller, type Poller } from '../../../lib/metrics/poller';
import { collectErrors } from './collect-errors';

export interface SystemCollectorOptions {
  registry: Registry;
  /** Pause between refreshes, in ms. Default 15000 (a usual scrape interval). */
  intervalMs?: number;
  /** Bound of one refresh (connecting and querying), in ms. Default 2000. */
  timeoutMs?: number;
  /** Consecutive failed refreshes after which the series disappear. Default 3. */
  expireAfterFailures?: number;
  /** Told about each failed refresh, e.g. to log the first one; `consecutive` counts them. */
  onError?(err: unknown, consecutive: number): void;
}

export interface SystemCollector {
  /** Refreshes now, then every intervalMs. */
  start(): void;
  /** Stops refreshing and closes the collector's connection. */
  stop(): Promise<void>;
  /** One refresh now (or joins the one in flight); resolves true on success, never rejects. */
  refresh(): Promise<boolean>;
}

export const SYSTEM_DEFAULTS = { intervalMs: 15_000, timeoutMs: 2000, expireAfterFailures: 3 } as const;

/** A poller of `load` whose failures are counted under `source` and reported to onError. */
export function systemPoller<T>(
  source: string,
  options: SystemCollectorOptions,
  load: (signal: AbortSignal) => Promise<T>,
): Poller<T> {
  const errors = collectErrors(options.registry, source);
  return createPoller({
    load,
    intervalMs: options.intervalMs ?? SYSTEM_DEFAULTS.intervalMs,
    timeoutMs: options.timeoutMs ?? SYSTEM_DEFAULTS.timeoutMs,
    expireAfterFailures: options.expireAfterFailures ?? SYSTEM_DEFAULTS.expireAfterFailures,
    onError: (err, consecutive) => {
      errors.inc({ source });
      options.onError?.(err, consecutive);
    },
  });
}
