/**
 * Express middleware logging the spec's "Request received" and "Request completed" events.
 *
 * Written here rather than with pino-http: the spec wants flat fields (`method`, `path`,
 * `status_code`, `duration_ms`, ...) in two events, where pino-http logs one nested `req`/`res`
 * object on completion only. The request id is echoed in `X-Request-ID`, and a child logger
 * carrying it is left in `res.locals.log` for handlers.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { eventsFor } from '../logging/events';
import type { Logger } from '../logging/logger';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id';

export interface RequestLoggingOptions {
  /**
   * Paths probed by machines (health checks, scrapes) many times a minute: logged only when the
   * logger is at DEBUG, so they do not drown the events people read. Matched as prefixes.
   */
  quietPaths?: readonly string[];
}

export const DEFAULT_QUIET_PATHS = ['/health', '/metrics'] as const;

/** The path without its query string: queries can carry tokens and presigned signatures. */
function pathOf(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function requestLogging(logger: Logger, options: RequestLoggingOptions = {}): RequestHandler {
  const quietPaths = options.quietPaths ?? DEFAULT_QUIET_PATHS;
  const events = eventsFor(logger);
  const isQuiet = (path: string) =>
    quietPaths.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  return (req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.locals.requestId = requestId;
    // Built on first use: most handlers (probes above all) never log.
    let log: Logger | undefined;
    Object.defineProperty(res.locals, 'log', {
      get: () => {
        log ??= logger.child({ request_id: requestId });
        return log;
      },
      configurable: true,
    });

    const path = pathOf(req);
    if (isQuiet(path) && !logger.isLevelEnabled('debug')) {
      next();
      return;
    }
    events.requestReceived({
      request_id: requestId,
      method: req.method,
      path,
      ip: req.ip ?? '',
      user_agent: req.get('user-agent') ?? '',
    });

    let logged = false;
    const completed = () => {
      if (logged) return;
      logged = true;
      events.requestCompleted({
        request_id: requestId,
        method: req.method,
        path,
        // A client that hung up before the response was sent: nginx's 499 says it best.
        status_code: res.writableFinished ? res.statusCode : 499,
        duration_ms: Math.round(performance.now() - started),
      });
    };
    res.once('finish', completed);
    res.once('close', completed);
    next();
  };
}
