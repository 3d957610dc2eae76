/**
 * "What NOT to log" (spec section 2), enforced on every log line.
 *
 * `redact` returns a JSON-safe deep copy of a value with secrets and personal data replaced by
 * "[REDACTED]". Two kinds of rule apply:
 *
 * - by key name: a value under a sensitive key is replaced whole, whatever its type (only
 *   null, undefined and booleans pass: one bit carries no secret, and `password_set: true`
 *   is worth logging). Key names are compared lower-cased without separators, so
 *   `refreshToken`, `refresh_token` and `Refresh-Token` are the same key.
 * - by value pattern: every string (values, object keys, error messages and stacks) is
 *   scanned for bearer/basic credentials, JWTs, passwords in URLs, presigned URLs, Telegram
 *   bot tokens, `password=...` pairs, e-mail addresses and Luhn-valid card numbers.
 *
 * Decisions the spec leaves open:
 * - `email_attempted` (the spec's "Authentication failure" field) is logged masked,
 *   "j***@example.com": the first character of the local part and the domain, enough to
 *   spot a credential-stuffing run against one domain without logging the address. A value
 *   that is not shaped like an address is redacted whole: users type passwords into the
 *   e-mail box.
 * - `ip` is a required spec field and is kept, as are network-address keys such as
 *   `ip_address` and `remote_address`; any other key containing "address" is a postal
 *   address and is redacted.
 * - numbers are not scanned for card numbers: a 13-digit millisecond timestamp is
 *   Luhn-valid one time in ten. Card numbers under card keys are redacted by key.
 *
 * This runs on every log line, so regexes are compiled once, each pattern has a cheap
 * pre-check, and key classifications are cached.
 */

export const REDACTED = '[REDACTED]';
export const REDACTED_EMAIL = '[REDACTED_EMAIL]';
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

// ---------------------------------------------------------------------------------------
// Keys

type KeyRule = 'keep' | 'secret' | 'masked-email' | 'body';

/** A normalized key containing any of these is sensitive. */
const SECRET_KEY_PARTS = [
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'authorization',
  'cookie',
  'sessionid',
  'credential',
  'signature',
  'jwt',
  'email',
  'phone',
  'address',
  'cardnumber',
  'creditcard',
  'cvv',
  'cvc',
];
/** Short or common words that are sensitive only as the whole key. */
const SECRET_KEYS_EXACT = new Set(['auth', 'pan', 'card', 'expiry', 'expirydate', 'pin', 'otp', 'sid']);
/** Network addresses, not postal ones: the spec logs `ip`. */
const NETWORK_ADDRESS_KEYS = new Set([
  'ipaddress',
  'remoteaddress',
  'localaddress',
  'listenaddress',
  'bindaddress',
  'serveraddress',
]);
const BODY_KEYS = new Set(['body', 'requestbody', 'responsebody', 'reqbody', 'resbody']);

const keyRuleCache = new Map<string, KeyRule>();
const KEY_RULE_CACHE_SIZE = 10_000;

function keyRule(key: string): KeyRule {
  let rule = keyRuleCache.get(key);
  if (rule === undefined) {
    rule = classifyKey(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
    // Keys can be data (a map keyed by id): bound the cache rather than grow forever.
    if (keyRuleCache.size >= KEY_RULE_CACHE_SIZE) keyRuleCache.clear();
    keyRuleCache.set(key, rule);
  }
  return rule;
}

function classifyKey(key: string): KeyRule {
  if (key === 'emailattempted') return 'masked-email';
  if (BODY_KEYS.has(key)) return 'body';
  if (NETWORK_ADDRESS_KEYS.has(key) || key === 'ip') return 'keep';
  if (SECRET_KEYS_EXACT.has(key)) return 'secret';
  return SECRET_KEY_PARTS.some((part) => key.includes(part)) ? 'secret' : 'keep';
}

function secretValue(value: unknown): unknown {
  return value === null || value === undefined || typeof value === 'boolean' ? value : REDACTED;
}

/** "jane.doe@example.com" -> "j***@example.com"; anything not shaped like an address -> "[REDACTED]". */
export function maskEmail(value: unknown): unknown {
  if (typeof value !== 'string') return secretValue(value);
  const match = /^([^@\s]+)@([^@\s]+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]?.includes('.')) return REDACTED;
  return `${match[1][0]}***@${match[2]}`;
}

// ---------------------------------------------------------------------------------------
// Strings

// Log lines carry attacker-controlled text (paths, user agents), so every regex must run in
// linear time: a match may only start where a run of its characters starts (the lookbehinds),
// never in the middle of one, which would rescan the run from every position.

interface Pattern {
  /** Cheap test: false means `apply` cannot change the string. */
  mayMatch(text: string): boolean;
  apply(text: string): string;
}

const QUERY_STRING = /\?[^\s#"'<>]*/g;
const SIGNING_PARAM = /[?&](?:x-amz-(?:signature|credential|security-token)|signature|awsaccesskeyid|sig)=/i;
const LOOSE_SIGNING_PARAM = /(x-amz-(?:signature|credential|security-token)=)[^&\s"'<>#]*/gi;
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]*):([^\s/?#]*)@/gi;
const TELEGRAM_BOT_URL = /\/bot\d+:[A-Za-z0-9_-]+/g;
const TELEGRAM_BOT_TOKEN = /(?<!\w)\d{6,12}:[A-Za-z0-9_-]{30,}/g;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const BASIC = /\b(basic)\s+([A-Za-z0-9+/]{4,}=*)/gi;
/** `name=value`, `name: value` or `"name":"value"`; the name is checked against SECRET_NAME. */
const KEY_VALUE = /(?<![\w.-])([\w.-]+)(["']?\s*[=:]\s*["']?)([^\s&"',;}]+)/g;
const SECRET_NAME =
  /password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|phone/i;
const EMAIL = /(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** A run of digit groups separated by single spaces or dashes. */
const DIGIT_RUN = /\d+(?:[ -]\d+)*/g;
const MAYBE_CARD = /(?:\d[ -]?){13}/;

const PATTERNS: readonly Pattern[] = [
  {
    // Presigned S3/MinIO URLs: the whole query goes, signature and credential alike.
    mayMatch: (text) => /x-amz-|signature=|awsaccesskeyid=|sig=/i.test(text),
    apply: (text) =>
      text
        .replace(QUERY_STRING, (query) => (SIGNING_PARAM.test(query) ? `?${REDACTED}` : query))
        .replace(LOOSE_SIGNING_PARAM, `$1${REDACTED}`),
  },
  {
    // postgres://user:pass@host -> postgres://user:[REDACTED]@host
    mayMatch: (text) => text.includes('://') && text.includes('@'),
    apply: (text) => text.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`),
  },
  {
    mayMatch: (text) => text.includes(':'),
    apply: (text) => text.replace(TELEGRAM_BOT_URL, `/bot${REDACTED}`).replace(TELEGRAM_BOT_TOKEN, REDACTED),
  },
  {
    mayMatch: (text) => text.includes('eyJ'),
    apply: (text) => text.replace(JWT, REDACTED),
  },
  {
    mayMatch: (text) => /bearer|basic/i.test(text),
    apply: (text) =>
      text
        .replace(BEARER, `$1 ${REDACTED}`)
        // "Basic plan" is English; "Basic dXNlcjpwYXNz" decodes to "user:pass".
        .replace(BASIC, (match, scheme: string, encoded: string) =>
          Buffer.from(encoded, 'base64').toString('latin1').includes(':') ? `${scheme} ${REDACTED}` : match,
        ),
  },
  {
    mayMatch: (text) => SECRET_NAME.test(text),
    apply: (text) =>
      text.replace(KEY_VALUE, (match, name: string, separator: string) =>
        SECRET_NAME.test(name) ? `${name}${separator}${REDACTED}` : match,
      ),
  },
  {
    mayMatch: (text) => text.includes('@'),
    apply: (text) => text.replace(EMAIL, REDACTED_EMAIL),
  },
  {
    mayMatch: (text) => MAYBE_CARD.test(text),
    apply: (text) => text.replace(DIGIT_RUN, (run) => (containsCardNumber(run) ? REDACTED : run)),
  },
];

/** The shortest string any pattern can change ("pwd=x"). */
const MIN_MATCH_LENGTH = 5;

export function redactString(text: string): string {
  if (text.length < MIN_MATCH_LENGTH) return text;
  let result = text;
  for (const pattern of PATTERNS) {
    if (pattern.mayMatch(result)) result = pattern.apply(result);
  }
  return result;
}

/**
 * Whether some consecutive digit groups of `run` hold 13 to 19 digits passing the Luhn check.
 * Windows start and end on group boundaries, so a card number written after another number
 * ("order 12 4111 1111 1111 1111") is found, but a long opaque id is not sliced into candidates.
 */
function containsCardNumber(run: string): boolean {
  const groups = run.split(/[ -]/);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
  }
  return false;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------------------------------
// Values

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
