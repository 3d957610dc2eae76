/**
 * Express guard requiring `Authorization: Bearer <token>` (RFC 6750), for endpoints that are not for
 * everyone: /metrics and /metrics/summary here, the relay's endpoints later.
 *
 * The tokens are compared as SHA-256 digests with crypto.timingSafeEqual: equal-length inputs, so
 * neither the comparison time nor a length check reveals how much of a guess was right.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** RFC 6750's b64token: what a bearer token may consist of. */
export const TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]+=*$/;
const BEARER = /^Bearer +(\S+) *$/i;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** What an Authorization header presents, against the expected token. */
export type BearerVerdict = 'ok' | 'missing' | 'invalid';

/** The constant-time check of a presented secret (any header: also Telegram's secret token). */
export function secretCheck(secret: string): (presented: string | undefined) => BearerVerdict {
  const expected = digest(secret);
  return (presented) => {
    if (presented === undefined) return 'missing';
    return timingSafeEqual(digest(presented), expected) ? 'ok' : 'invalid';
  };
}

/**
 * The check for `token`, on the value of an Authorization header. Throws when `token` is not a valid
 * bearer token (empty, spaces...): no request could ever present it.
 */
export function bearerCheck(token: string): (authorization: string | undefined) => BearerVerdict {
  if (!TOKEN_SYNTAX.test(token)) throw new Error('bearerToken: not a valid bearer token (RFC 6750 b64token)');
  const check = secretCheck(token);
  return (authorization) => check(authorization ? BEARER.exec(authorization)?.[1] : undefined);
}

/** The guard for `token`: a missing or wrong token answers 401 JSON. Throws as bearerCheck does. */
export function bearerToken(token: string): RequestHandler {
  const check = bearerCheck(token);

  return (req: Request, res: Response, next: NextFunction) => {
    const verdict = check(req.get('authorization'));
    if (verdict === 'ok') {
      next();
      return;
    }
    // RFC 6750 section 3: no error code when credentials are missing, invalid_token when wrong.
    res.setHeader('WWW-Authenticate', verdict === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"');
    res.setHeader('Cache-Control', 'no-store');
    res.status(401).json({
      status: 'error',
      reason: verdict === 'missing' ? 'bearer token required' : 'invalid bearer token',
    });
  };
}
