/**
 * The status service's request handler, on node:http alone: a handful of GET routes answered from
 * the cache's pre-rendered bytes (answers.ts), and GET /health computed per request (it is cheap and
 * must see a stuck refresh loop). Nothing here reads Prometheus. Query strings are ignored, since a
 * link with ?utm_source=... must still show the page.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { sendJson } from '../lib/http/send-json';
import type { Answers } from './answers';
import type { StatusCache } from './cache';

export interface HandlerOptions {
  cache: StatusCache<Answers>;
  /** A refresh older than this means the loop is stuck: /health answers 503 (ms). */
  healthMaxAgeMs: number;
  clock?: () => number;
}

function health(options: HandlerOptions): { code: number; body: object } {
  const { cache } = options;
  const now = (options.clock ?? Date.now)();
  const view = cache.view();
  const refreshedAt = cache.lastRefreshAt();
  const body = {
    data_as_of: view.snapshot ? new Date(view.snapshot.collectedAt * 1000).toISOString() : null,
    prometheus: view.failingSince === undefined ? (view.snapshot ? 'ok' : 'not read yet') : 'failing',
    failing_since: view.failingSince === undefined ? null : new Date(view.failingSince * 1000).toISOString(),
  };
  // Prometheus down is not the page's failure (it serves the last state); a refresh loop that stopped is.
  if (refreshedAt !== undefined && now - refreshedAt > options.healthMaxAgeMs)
    return { code: 503, body: { status: 'error', reason: 'the cache has not been refreshed', ...body } };
  return { code: 200, body: { status: 'ok', ...body } };
}

export function statusHandler(options: HandlerOptions): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { status: 'error', reason: `${req.method} is not allowed; use GET` });
    }
    if (path === '/health') {
      const { code, body } = health(options);
      return sendJson(res, code, body);
    }
    const found = options.cache.current().byPath.get(path);
    if (!found) {
      const reason = path.startsWith('/badge/') ? `no monitor at ${path}` : `no page at ${path}`;
      return sendJson(res, 404, { status: 'error', reason });
    }
    res.writeHead(200, found.headers);
    res.end(req.method === 'HEAD' ? undefined : found.body);
  };
}
