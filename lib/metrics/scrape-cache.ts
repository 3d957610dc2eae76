/**
 * One rendering of a registry shared by the scrapes that come close together.
 *
 * Rendering is the whole cost of a scrape here (the SQL and the checks run in the background), about
 * 2 ms of CPU for the exporter's ~17 kB: a few scrapers at once (two Prometheus replicas, someone's
 * curl, a storm of retries after a network blip) would each pay it. So a rendering, in each format,
 * answers every scrape for `maxAgeMs` after it started, and scrapes that arrive while it is being
 * made wait for it instead of starting another (single flight, even with `maxAgeMs` 0). A gzip of it
 * is made once, on the first scrape that accepts gzip (Prometheus always does), and shared too.
 *
 * A failed rendering is not kept: the next scrape tries again.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Registry } from 'prom-client';
import { type ExpositionFormat, renderMetrics } from './exposition';

const gzipAsync = promisify(gzip);

export interface ScrapeCacheOptions {
  /**
   * How long a rendering answers scrapes, from when it started (METRICS_CACHE_MS). 0: each scrape
   * gets a new one unless one is being made.
   */
  maxAgeMs: number;
  now?: () => number;
}

export interface RenderedScrape {
  contentType: string;
  body: Buffer;
  /** The body gzipped, made on first use. */
  gzipped(): Promise<Buffer>;
}

export interface ScrapeCache {
  get(format: ExpositionFormat): Promise<RenderedScrape>;
}

export function createScrapeCache(registry: Registry, options: ScrapeCacheOptions): ScrapeCache {
  const now = options.now ?? Date.now;
  const entries = new Map<
    ExpositionFormat,
    { startedAt: number; done: boolean; value: Promise<RenderedScrape> }
  >();

  async function render(format: ExpositionFormat): Promise<RenderedScrape> {
    const { contentType, body: text } = await renderMetrics(registry, format);
    const body = Buffer.from(text);
    let gzipped: Promise<Buffer> | undefined;
    return { contentType, body, gzipped: () => (gzipped ??= gzipAsync(body)) };
  }

  return {
    get(format) {
      const entry = entries.get(format);
      const at = now();
      if (entry && (!entry.done || at - entry.startedAt < options.maxAgeMs)) return entry.value;
      const fresh = { startedAt: at, done: false, value: render(format) };
      entries.set(format, fresh);
      fresh.value.then(
        () => {
          fresh.done = true;
        },
        () => {
          if (entries.get(format) === fresh) entries.delete(format);
        },
      );
      return fresh.value;
    },
  };
}
