/**
 * "What NOT to log" (spec section 2), enforced on every log line.
 *
 * `redact` returns a JSON-safe deep copy of a value with secrets and personal data replaced by
 * "[REDACTED]". Two kinds of rule apply:
 *
 * - by key name (redact-keys.ts): a value under a sensitive key is replaced whole.
 * - by value pattern (redact-values.ts): every string, object keys and error messages and
 *   stacks included, is scanned for credentials, tokens, e-mail addresses and card numbers.
 *
 * A decision the spec leaves open: numbers are not scanned for card numbers, as a 13-digit
 * millisecond timestamp is Luhn-valid one time in ten. Card numbers under card keys are
 * redacted by key.
 */
import { keyRule, maskEmail, secretValue } from './redact-keys';
import { redactString } from './redact-values';

// Re-exported so that callers keep one import path for all of redaction.
export { maskEmail } from './redact-keys';
export { luhnValid, REDACTED, REDACTED_EMAIL, redactString } from './redact-values';

export const TRUNCATED = '[Truncated]';
export const CIRCULAR = '[Circular]';
/** Objects nested deeper than this are replaced by "[Truncated]". */
export const MAX_DEPTH = 8;

export interface RedactOptions {
  /**
   * Omit request/response bodies (`body`, `request_body`, `response_body`, `req_body`,
   * `res_body`) at any depth. The logger sets it unless DEBUG is enabled: the spec allows
   * full bodies in DEBUG mode only. Default false.
   */
  dropBodies?: boolean;
}

export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, 0, new Set(), options.dropBodies === true, true);
}

function walk(
  value: unknown,
  depth: number,
  ancestors: Set<object>,
  dropBodies: boolean,
  useToJSON: boolean,
): unknown {
  switch (typeof value) {
    case 'string':
      return redactString(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
    case 'function':
      return undefined;
  }
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    // Raw bytes could hold anything; their size is what is worth knowing.
    return `[Binary ${value.byteLength} bytes]`;
  }
  if (depth >= MAX_DEPTH) return TRUNCATED;
  const object = value as object;
  if (ancestors.has(object)) return CIRCULAR;
  ancestors.add(object);
  try {
    const next = (child: unknown) => walk(child, depth + 1, ancestors, dropBodies, true);
    if (Array.isArray(object)) return Array.from(object, next);
    if (object instanceof Set) return Array.from(object, next);
    if (object instanceof Map) {
      return copyEntries(
        Array.from(object, ([key, child]) => [String(key), child]),
        next,
        dropBodies,
      );
    }
    if (object instanceof Error) return copyError(object, next, dropBodies);
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (useToJSON && typeof toJSON === 'function') {
      return walk(toJSON.call(object), depth + 1, ancestors, dropBodies, false);
    }
    return copyEntries(Object.entries(object), next, dropBodies);
  } catch {
    // A throwing getter or toJSON must not take the log line down with it.
    return '[Unserializable]';
  } finally {
    ancestors.delete(object);
  }
}

function copyEntries(
  entries: Iterable<[string, unknown]>,
  next: (child: unknown) => unknown,
  dropBodies: boolean,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, child] of entries) {
    const rule = keyRule(key);
    if (rule === 'body' && dropBodies) continue;
    const redacted =
      rule === 'secret' ? secretValue(child) : rule === 'masked-email' ? maskEmail(child) : next(child);
    // Keys can be data too (counts keyed by e-mail address); defineProperty keeps "__proto__" a plain key.
    Object.defineProperty(copy, redactString(key), {
      value: redacted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** Error -> { type, message, stack, ...own fields, cause }: JSON.stringify(error) would give {}. */
function copyError(
  error: Error,
  next: (child: unknown) => unknown,
  dropBodies: boolean,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {
    type: error.name,
    message: redactString(String(error.message)),
  };
  if (typeof error.stack === 'string') copy.stack = redactString(error.stack);
  const own = Object.entries(error).filter(([key]) => key !== 'name' && key !== 'message' && key !== 'stack');
  Object.assign(copy, copyEntries(own, next, dropBodies));
  if (error.cause !== undefined) copy.cause = next(error.cause);
  return copy;
}
