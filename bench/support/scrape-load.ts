/**
 * Concurrent scrapers (autocannon) and single scrapes, for bench/metrics.ts.
 *
 * Latency percentiles are computed from autocannon's own per-response timings (the `response`
 * event, hrtime in ms): its latency histogram keeps whole milliseconds only, too coarse for
 * scrapes that take one or two.
 */
import http from 'node:http';
import autocannon from 'autocannon';

/** The Accept header Prometheus 2.x sends on a scrape: OpenMetrics preferred. */
export const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,' +
  'text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

export interface LoadResult {
  /** Requests sent: each reached the server, including the few in flight at the end. */
  sent: number;
  /** Mean of autocannon's per-second samples. */
  perSecond: number;
  /** Latencies of the answered requests in ms, sorted. */
  latencies: number[];
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** `connections` scrapers, each sending its next request as soon as the last is answered. */
export function load(options: {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: options.url,
        headers: options.headers,
        connections: options.connections,
        duration: options.seconds,
      },
      (err, result) => {
        if (err) return reject(err);
        if (result.non2xx || result.errors || result.timeouts)
          return reject(
            new Error(
              `${options.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
            ),
          );
        latencies.sort((a, b) => a - b);
        resolve({ sent: result.requests.sent, perSecond: result.requests.average, latencies });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

export interface Scrape {
  status: number;
  contentType: string;
  body: string;
}

/** One GET, on a connection of its own, bounded by `timeoutMs`. */
export function scrapeOnce(
  url: string,
  headers: Record<string, string>,
  timeoutMs = 30_000,
): Promise<Scrape> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body }),
      );
      res.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
