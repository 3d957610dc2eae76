/**
 * Redaction by key name: a value under a sensitive key is replaced whole, whatever its type
 * (only null, undefined and booleans pass: one bit carries no secret, and `password_set: true`
 * is worth logging). Key names are compared lower-cased without separators, so
 * `refreshToken`, `refresh_token` and `Refresh-Token` are the same key.
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
 * - card numbers under card keys are redacted here, by key: numbers are not scanned by value
 *   (see redact.ts).
 * - people's names, bank and virtual account numbers and Indonesian phone keys are personal data
 *   too (redact-personal.ts, which says which keys and why).
 *
 * This runs for every key of every log line, so each key's decision (its rule, and the key itself
 * as printed after the value patterns) is cached.
 */
import { isPersonalKey, normalizeKey } from './redact-personal';
import { REDACTED, redactString } from './redact-values';

/**
 * What to do with the value under a key: keep it (its strings are still scanned), replace it
 * whole (`secretValue`), mask it (`maskEmail`), or, for a body, drop it when bodies are dropped.
 */
export type KeyRule = 'keep' | 'secret' | 'masked-email' | 'body';

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
/** Request/response bodies, dropped unless DEBUG is enabled (RedactOptions.dropBodies). */
const BODY_KEYS = new Set(['body', 'requestbody', 'responsebody', 'reqbody', 'resbody']);

/** What the walker does with a key: the rule for its value, and the key as printed (redacted too). */
export interface KeyDecision {
  rule: KeyRule;
  printed: string;
}

const decisions = new Map<string, KeyDecision>();
const DECISION_CACHE_SIZE = 10_000;

export function keyDecision(key: string): KeyDecision {
  let decision = decisions.get(key);
  if (decision === undefined) {
    decision = { rule: classifyKey(normalizeKey(key)), printed: redactString(key) };
    // Keys can be data (a map keyed by id): bound the cache rather than grow forever.
    if (decisions.size >= DECISION_CACHE_SIZE) decisions.clear();
    decisions.set(key, decision);
  }
  return decision;
}

export function keyRule(key: string): KeyRule {
  return keyDecision(key).rule;
}

function classifyKey(key: string): KeyRule {
  if (key === 'emailattempted') return 'masked-email';
  if (BODY_KEYS.has(key)) return 'body';
  if (NETWORK_ADDRESS_KEYS.has(key) || key === 'ip') return 'keep';
  if (SECRET_KEYS_EXACT.has(key) || isPersonalKey(key)) return 'secret';
  return SECRET_KEY_PARTS.some((part) => key.includes(part)) ? 'secret' : 'keep';
}

/** The value under a 'secret' key: "[REDACTED]", unless null, undefined or a boolean. */
export function secretValue(value: unknown): unknown {
  return value === null || value === undefined || typeof value === 'boolean' ? value : REDACTED;
}

/** "jane.doe@example.com" -> "j***@example.com"; anything not shaped like an address -> "[REDACTED]". */
export function maskEmail(value: unknown): unknown {
  if (typeof value !== 'string') return secretValue(value);
  const match = /^([^@\s]+)@([^@\s]+)$/.exec(value.trim());
  if (!match?.[1] || !match[2]?.includes('.')) return REDACTED;
  return `${match[1][0]}***@${match[2]}`;
}
