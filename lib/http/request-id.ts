/**
 * Request ids: taken from a well-formed incoming `X-Request-ID` (so a trace started by nginx or
 * the app carries through), generated otherwise. "Well-formed" is deliberately narrow: the id ends
 * up in every log line, so a header carrying newlines, JSON or a 10 kB payload is not trusted.
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** `req-` and 16 hex digits. randomUUID draws from Node's cached entropy pool: no syscall per request. */
export function generateRequestId(): string {
  const uuid = randomUUID();
  return `req-${uuid.slice(0, 8)}${uuid.slice(9, 13)}${uuid.slice(24, 28)}`; // 64 random bits
}

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && WELL_FORMED.test(header) ? header : generateRequestId();
}
