/**
 * The last two handlers of every Express service here: unknown routes answer a JSON 404, and errors
 * a JSON body with a short reason; the details (and any stack) go to the log only.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ status: 'error', reason: `no route for ${req.method} ${req.path}` });
};

export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (status >= 500) logger.error({ err }, 'Unhandled error while serving a request');
    if (res.headersSent) return;
    res.status(status).json({ status: 'error', reason: status >= 500 ? 'internal error' : 'bad request' });
  };
}
