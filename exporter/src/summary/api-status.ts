/**
 * The API's figures for the admin summary, read from Prometheus's HTTP API (lib/prometheus/api.ts)
 * in the background every intervalMs, never per request: an open admin screen costs Prometheus
 * nothing, and a slow or down Prometheus cannot slow /metrics/summary. After `expireAfterFailures`
 * failed reads in a row the last figures are dropped, so the summary says "unknown" rather than
 * repeating numbers that may no longer hold.
 */
import { createPoller } from '../../../lib/metrics/poller';
import { queryInstant } from '../../../lib/prometheus/api';
import { apiQueries } from './api-queries';

export interface ApiFigures {
  /** max(up) of the API's scrape: 1 or 0; null when Prometheus has no such series. */
  scrapeUp: number | null;
  /** The blackbox probe of /health/ready: 1 or 0; null without the series. */
  probeSuccess: number | null;
  /** 5xx answers over the last 24 h; null when the API serves no request series. */
  errors24h: number | null;
}

export interface ApiStatusOptions {
  /** PROMETHEUS_URL. */
  prometheusUrl: string;
  /** The `env` label of the API's series (APP_ENV). */
  env: string;
  /** Pause between reads (PROMETHEUS_QUERY_INTERVAL_MS). */
  intervalMs: number;
  /** Deadline of one read (its three queries). */
  timeoutMs: number;
  /** Failed reads in a row after which the figures are unknown. Default 3. */
  expireAfterFailures?: number;
  /** Told of each failed read; `consecutive` is 1 on the first of a run. */
  onError?(err: unknown, consecutive: number): void;
}

export interface ApiStatusSource {
  /** The latest figures; undefined before the first read and once expired. Never waits. */
  current(): ApiFigures | undefined;
  /** Reads now (or joins the read in flight); resolves true on success. */
  refresh(): Promise<boolean>;
  start(): void;
  stop(): Promise<void>;
}

export function apiStatusSource(options: ApiStatusOptions): ApiStatusSource {
  const queries = apiQueries(options.env);
  const poller = createPoller<ApiFigures>({
    load: async (signal) => {
      const one = async (query: string) => {
        const [sample] = await queryInstant(query, {
          prometheusUrl: options.prometheusUrl,
          timeoutMs: options.timeoutMs,
          signal,
        });
        return sample && Number.isFinite(sample.value) ? sample.value : null;
      };
      const [scrapeUp, probeSuccess, errors] = await Promise.all([
        one(queries.scrapeUp),
        one(queries.probeSuccess),
        one(queries.errors24h),
      ]);
      // increase() extrapolates: 4.9999 errors are 5.
      return { scrapeUp, probeSuccess, errors24h: errors === null ? null : Math.round(errors) };
    },
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs,
    expireAfterFailures: options.expireAfterFailures ?? 3,
    onError: options.onError,
  });
  return {
    current: () => poller.current(),
    refresh: () => poller.refresh(),
    start: () => poller.start(),
    stop: () => poller.stop(),
  };
}
