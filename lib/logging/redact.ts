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
import { keyDecision, maskEmail, secretValue } from './redact-keys';
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
  return walk(value, 0, [], options.dropBodies === true, true);
}

/**
 * Copies the entries of `source` into `target` as `redact` would copy them into a new object,
 * `source`'s values one level down: the logger builds each line with it instead of redacting a
 * copy of the line. Keys already in `target` keep their place and take the new value.
 */
export function redactEntriesInto(
  target: Record<string, unknown>,
  source: object,
  options: RedactOptions = {},
): Record<string, unknown> {
  return copyEntries(target, source, 0, [], options.dropBodies === true);
}

// `ancestors` is the path from the root to the current object, for cycles: at most MAX_DEPTH
// entries, so a scanned array is cheaper than a Set.
function walk(
  value: unknown,
  depth: number,
  ancestors: object[],
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
  if (ancestors.includes(object)) return CIRCULAR;
  ancestors.push(object);
  try {
    if (Array.isArray(object) || object instanceof Set) {
      const copy: unknown[] = [];
      for (const child of object) copy.push(walk(child, depth + 1, ancestors, dropBodies, true));
      return copy;
    }
    if (object instanceof Map) {
      const entries: Record<string, unknown> = {};
      for (const [key, child] of object) setEntry(entries, String(key), child);
      return copyEntries({}, entries, depth, ancestors, dropBodies);
    }
    if (object instanceof Error) return copyError(object, depth, ancestors, dropBodies);
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (useToJSON && typeof toJSON === 'function') {
      return walk(toJSON.call(object), depth + 1, ancestors, dropBodies, false);
    }
    return copyEntries({}, object, depth, ancestors, dropBodies);
  } catch {
    // A throwing getter or toJSON must not take the log line down with it.
    return '[Unserializable]';
  } finally {
    ancestors.pop();
  }
}

/** Own enumerable entries of `source` (at `depth`), redacted by key and value, into `target`. */
function copyEntries(
  target: Record<string, unknown>,
  source: object,
  depth: number,
  ancestors: object[],
  dropBodies: boolean,
  skip?: (key: string) => boolean,
): Record<string, unknown> {
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (skip?.(key)) continue;
    const { rule, printed } = keyDecision(key);
    if (rule === 'body' && dropBodies) continue;
    const child = (source as Record<string, unknown>)[key];
    const redacted =
      rule === 'secret'
        ? secretValue(child)
        : rule === 'masked-email'
          ? maskEmail(child)
          : walk(child, depth + 1, ancestors, dropBodies, true);
    // Keys can be data too (counts keyed by e-mail address): `printed` is the key, redacted.
    setEntry(target, printed, redacted);
  }
  return target;
}

/** Plain assignment, except for "__proto__", which defineProperty keeps a plain key. */
export function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** Error -> { type, message, stack, ...own fields, cause }: JSON.stringify(error) would give {}. */
function copyError(
  error: Error,
  depth: number,
  ancestors: object[],
  dropBodies: boolean,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {
    type: error.name,
    message: redactString(String(error.message)),
  };
  if (typeof error.stack === 'string') copy.stack = redactString(error.stack);
  copyEntries(copy, error, depth, ancestors, dropBodies, isErrorOwnKey);
  if (error.cause !== undefined) copy.cause = walk(error.cause, depth + 1, ancestors, dropBodies, true);
  return copy;
}

const isErrorOwnKey = (key: string) => key === 'name' || key === 'message' || key === 'stack';
