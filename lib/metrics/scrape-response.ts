/**
 * Answers a scrape from a ScrapeCache: the format the Accept header prefers (exposition.ts), gzipped
 * when Accept-Encoding allows it (Prometheus always sends `gzip`), and never kept by a cache on the
 * way. Plain node:http request and response, so Express's route and the fast path share it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Negotiator from 'negotiator';
import { negotiateFormat } from './exposition';
import type { ScrapeCache } from './scrape-cache';

const ENCODINGS = ['gzip', 'identity'];

export async function sendScrape(
  req: IncomingMessage,
  res: ServerResponse,
  cache: ScrapeCache,
): Promise<void> {
  const scrape = await cache.get(negotiateFormat(req.headers.accept));
  const gzip = new Negotiator(req).encoding(ENCODINGS) === 'gzip';
  const body = gzip ? await scrape.gzipped() : scrape.body;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Vary', 'Accept, Accept-Encoding');
  res.setHeader('Content-Type', scrape.contentType);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}
