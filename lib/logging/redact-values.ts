/**
 * Redaction by value pattern: every string `redact` meets (values, object keys, error messages
 * and stacks) is scanned for bearer/basic credentials, JWTs, passwords in URLs, presigned URLs,
 * Telegram bot tokens, `password=...` pairs, e-mail addresses and Luhn-valid card numbers.
 *
 * This runs on every log line, so regexes are compiled once and each pattern has a cheap
 * pre-check.
 */

// The placeholders live here, in the module with no redaction imports, so the key rules and
// the walker can use them without an import cycle; redact.ts re-exports them.
export const REDACTED = '[REDACTED]';
export const REDACTED_EMAIL = '[REDACTED_EMAIL]';

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
