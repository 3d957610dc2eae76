/**
 * A JSON answer on a plain node:http response, byte for byte what Express's res.json() sends (the
 * services here disable ETags): for answers given outside Express, the probe fast path's and the
 * summary's status endpoint.
 */
import type { ServerResponse } from 'node:http';

/** A JSON answer as Express's res.json() writes it (no ETag: the services here disable it). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = Buffer.from(JSON.stringify(body));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', json.length);
  res.end(json);
}
