/**
 * Logs what /health answers only in short public reasons: each change of a dependency check's state,
 * with the detailed error behind it, once per change rather than once per probe (a scrape-driven
 * refresh every 15 s of a database down for an hour would otherwise write 240 identical lines).
 *
 *   first result an error, or ok → error   WARNING "Dependency check failed"            service, reason, error_*
 *   error → error with another reason      WARNING "Dependency check failure changed"   service, reason, previous_reason, error_*
 *   error → ok                             INFO    "Dependency check recovered"         service, down_for_ms
 *
 * A first result that is ok is not news and is not logged. The logger redacts credentials it can
 * recognise; the configured secrets (connection strings, their passwords, the MinIO secret key) are
 * cut out of the error text here as well, whatever shape a driver gives its message.
 */
import type { Logger } from '../../../lib/logging/logger';
import { REDACTED } from '../../../lib/logging/redact';
import type { ResultListener } from './results';

export interface StateLogOptions {
  /** Texts that must never be logged verbatim, e.g. DATABASE_URL and its password. */
  secrets?: readonly (string | undefined)[];
}

export function logStateChanges(logger: Logger, options: StateLogOptions = {}): ResultListener {
  const secrets = (options.secrets ?? [])
    .filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4)
    // Longest first, so a whole URL goes before the password inside it.
    .sort((a, b) => b.length - a.length);
  const scrub = (text: string) => secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
  const downSince = new Map<string, number>();

  return (service, record, previous, error) => {
    const { result } = record;
    const before = previous?.result;
    if (result.status === 'ok') {
      if (before?.status !== 'error') return;
      const since = downSince.get(service) ?? previous?.checkedAt ?? record.checkedAt;
      downSince.delete(service);
      logger.info({ service, down_for_ms: record.checkedAt - since }, 'Dependency check recovered');
      return;
    }
    const detail = { name: errorType(error), message: scrub(describeError(error)) };
    if (before?.status !== 'error') {
      downSince.set(service, record.checkedAt);
      logger.warning({ service, reason: result.reason, err: detail }, 'Dependency check failed');
    } else if (before.reason !== result.reason) {
      logger.warning(
        { service, reason: result.reason, previous_reason: before.reason, err: detail },
        'Dependency check failure changed',
      );
    }
  };
}

function errorType(error: unknown): string {
  const { name } = (error ?? {}) as { name?: unknown };
  return typeof name === 'string' ? name : typeof error;
}

/**
 * The messages and codes of `error` and what it wraps, e.g. "connect ECONNREFUSED 127.0.0.1:5432
 * (ECONNREFUSED)". Node reports a refused dual-stack connect as an AggregateError with an empty
 * message and the real errors inside, which is why the wrapped ones are read too.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const queue: unknown[] = [error];
  for (let i = 0; i < queue.length && i < 10; i++) {
    const current = queue[i];
    if (typeof current === 'string') parts.push(current);
    if (typeof current !== 'object' || current === null) continue;
    const { message, code, cause, errors } = current as Record<string, unknown>;
    const text = typeof message === 'string' ? message.trim() : '';
    const withCode = typeof code === 'string' && !text.includes(code) ? `${text} (${code})`.trim() : text;
    if (withCode && !parts.includes(withCode)) parts.push(withCode);
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return parts.length > 0 ? parts.join('; ') : 'no detail';
}
