/**
 * Redaction by value pattern: every string `redact` meets (values, object keys, error messages
 * and stacks) is scanned for bearer/basic credentials, JWTs, passwords in URLs, presigned URLs,
 * Telegram bot tokens, `password=...` pairs (and `full_name=...`, `account_number=...`: the
 * personal keys of redact-personal.ts), e-mail addresses, and the numbers of redact-numbers.ts:
 * IBANs, Indonesian phone numbers, labelled bank and virtual account numbers, card numbers.
 *
 * This runs on every string of every log line, and most strings (ids, paths, methods, messages)
 * hold nothing. One pass over the characters (`features`) notes what each pattern needs before it
 * can match at all (an "@", an "=" or ":", whitespace, a run of digits, capitals then digits);
 * a pattern runs only when the string has what it needs, so most strings are returned after
 * that one pass. Each gate is a necessary condition of its pattern, never a guess: a gate that
 * lets a string through costs time, one that wrongly stops it would leak.
 */

import { REDACTED, REDACTED_EMAIL } from './placeholders';
import {
  outsideUuids,
  redactCards,
  redactIbans,
  redactInternationalPhones,
  redactLabelledAccounts,
  redactLocalPhones,
} from './redact-numbers';
import { isPersonalKey, normalizeKey, PERSONAL_KEY_HINT } from './redact-personal';

export { REDACTED, REDACTED_EMAIL } from './placeholders';
export { luhnValid } from './redact-numbers';

// Log lines carry attacker-controlled text (paths, user agents), so every regex must run in
// linear time: a match may only start where a run of its characters starts (the lookbehinds),
// never in the middle of one, which would rescan the run from every position.

const QUERY_STRING = /\?[^\s#"'<>]*/g;
const SIGNING_PARAM = /[?&](?:x-amz-(?:signature|credential|security-token)|signature|awsaccesskeyid|sig)=/i;
const LOOSE_SIGNING_PARAM = /(x-amz-(?:signature|credential|security-token)=)[^&\s"'<>#]*/gi;
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@]*):([^\s/?#]*)@/gi;
const TELEGRAM_BOT_URL = /\/bot\d+:[A-Za-z0-9_-]+/g;
const TELEGRAM_BOT_TOKEN = /(?<!\w)\d{6,12}:[A-Za-z0-9_-]{30,}/g;
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const BASIC = /\b(basic)\s+([A-Za-z0-9+/]{4,}=*)/gi;
/**
 * `name=value`, `name: value` or `"name":"value"`; the name is checked against SECRET_NAME and
 * the personal keys. A quoted value is taken whole, spaces and escaped quotes included (a full
 * name has spaces); an unquoted one ends at whitespace or a delimiter.
 */
const KEY_VALUE =
  /(?<![\w.-])([\w.-]+)(["']?\s*[=:]\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|["']?[^\s&"',;}]+)/g;
const SECRET_NAME =
  /password|passwd|pwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|phone/i;
const EMAIL = /(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// What `features` notes, as bits; the longest digit run is kept above them.
const AT = 1;
const COLON = 2;
const EQUALS = 4;
const PLUS = 8;
const DOT = 16;
/** Any whitespace, or any character outside ASCII (where \s has more spaces). */
const SPACE = 32;
/** Two capitals followed by two digits, as an IBAN starts. */
const CAPITALS_DIGITS = 64;
/** Any ASCII letter (every label and name is made of them). */
const LETTER = 128;
/** A "b" or "B", which "bearer" and "basic" start with. */
const LETTER_B = 256;
const RUN_SHIFT = 9;
/** The bits that let some pattern run without a run of digits. */
const ALONE_ENOUGH = AT | COLON | EQUALS | PLUS | DOT | SPACE | CAPITALS_DIGITS;
const MAX_RUN = 255;

/**
 * One pass over `text`: the bits above, and the longest run of digits in which single spaces,
 * dashes or dots may separate digits (what every number pattern needs: a card 13, a phone 10 or
 * 8 after +62, a labelled account 6, a Telegram bot id 6).
 */
function features(text: string): number {
  let bits = 0;
  let run = 0;
  let longest = 0;
  let previousDigit = false;
  let pendingSeparator = false;
  let capitals = 0;
  let digitsAfterCapitals = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      run = previousDigit || pendingSeparator ? run + 1 : 1;
      if (run > longest) longest = run;
      digitsAfterCapitals = capitals >= 2 ? 1 : digitsAfterCapitals > 0 ? digitsAfterCapitals + 1 : 0;
      if (digitsAfterCapitals >= 2) bits |= CAPITALS_DIGITS;
      capitals = 0;
      previousDigit = true;
      pendingSeparator = false;
      continue;
    }
    pendingSeparator = previousDigit && (code === 32 || code === 45 || code === 46);
    if (!pendingSeparator) run = 0;
    previousDigit = false;
    digitsAfterCapitals = 0;
    capitals = code >= 65 && code <= 90 ? capitals + 1 : 0;
    if ((code | 32) >= 97 && (code | 32) <= 122) bits |= (code | 32) === 98 ? LETTER | LETTER_B : LETTER;
    else if (code <= 32 || code >= 128) bits |= SPACE;
    else if (code === 64) bits |= AT;
    else if (code === 58) bits |= COLON;
    else if (code === 61) bits |= EQUALS;
    else if (code === 43) bits |= PLUS;
    else if (code === 46) bits |= DOT;
  }
  return bits | (Math.min(longest, MAX_RUN) << RUN_SHIFT);
}

const digitRun = (found: number) => found >>> RUN_SHIFT;

/**
 * Straight-line, each pattern behind its gate. Numbers go before the `name=value` pairs: a pair's
 * value ends at a space, and would leave the rest of a grouped number ("phone=0812 3456 7890")
 * unrecognisable to the number patterns.
 */
function applyPatterns(text: string, found: number): string {
  // Inline tests, no closures: this runs for every string with a feature.
  const run = digitRun(found);
  let result = text;
  if ((found & EQUALS) !== 0 && /x-amz-|signature=|awsaccesskeyid=|sig=/i.test(result))
    result = redactPresignedUrls(result);
  // postgres://user:pass@host -> postgres://user:[REDACTED]@host
  if ((found & AT) !== 0 && result.includes('://'))
    result = result.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
  if ((found & COLON) !== 0 && (run >= 6 || result.includes('/bot'))) {
    result = result.replace(TELEGRAM_BOT_URL, `/bot${REDACTED}`).replace(TELEGRAM_BOT_TOKEN, REDACTED);
  }
  if ((found & DOT) !== 0 && result.includes('eyJ')) result = result.replace(JWT, REDACTED);
  if ((found & SPACE) !== 0 && (found & LETTER_B) !== 0 && /bearer|basic/i.test(result))
    result = redactSchemes(result);
  if ((found & CAPITALS_DIGITS) !== 0) result = redactIbans(result);
  if ((found & PLUS) !== 0 && run >= 8 && result.includes('+62')) result = redactInternationalPhones(result);
  if ((found & LETTER) !== 0 && run >= 6) result = redactLabelledAccounts(result);
  // The two that read dashed digit groups, where a UUID's can pass for a phone or a card: one split.
  if (run >= 13) result = outsideUuids(result, (part) => redactCards(redactLocalPhones(part)));
  else if (run >= 10) result = outsideUuids(result, redactLocalPhones);
  if (
    ((found & EQUALS) !== 0 || (found & COLON) !== 0) &&
    (SECRET_NAME.test(result) || PERSONAL_KEY_HINT.test(result))
  ) {
    result = result.replace(KEY_VALUE, (match, name: string, separator: string, value: string) =>
      SECRET_NAME.test(name) || isPersonalKey(normalizeKey(name))
        ? `${name}${separator}${redactedValue(value)}`
        : match,
    );
  }
  if ((found & AT) !== 0) result = result.replace(EMAIL, REDACTED_EMAIL);
  return result;
}

/** Presigned S3/MinIO URLs: the whole query goes, signature and credential alike. */
function redactPresignedUrls(text: string): string {
  return text
    .replace(QUERY_STRING, (query) => (SIGNING_PARAM.test(query) ? `?${REDACTED}` : query))
    .replace(LOOSE_SIGNING_PARAM, `$1${REDACTED}`);
}

function redactSchemes(text: string): string {
  return (
    text
      .replace(BEARER, `$1 ${REDACTED}`)
      // "Basic plan" is English; "Basic dXNlcjpwYXNz" decodes to "user:pass".
      .replace(BASIC, (match, scheme: string, encoded: string) =>
        Buffer.from(encoded, 'base64').toString('latin1').includes(':') ? `${scheme} ${REDACTED}` : match,
      )
  );
}

/** "[REDACTED]", in the value's quotes if it had them. */
function redactedValue(value: string): string {
  const quote = value.charAt(0);
  if (quote !== '"' && quote !== "'") return REDACTED;
  return value.length >= 2 && value.endsWith(quote) ? `${quote}${REDACTED}${quote}` : `${quote}${REDACTED}`;
}

/** The shortest string any pattern can change ("pwd=x"). */
const MIN_MATCH_LENGTH = 5;

export function redactString(text: string): string {
  if (text.length < MIN_MATCH_LENGTH) return text;
  // Taken once: the patterns only remove characters or write "[REDACTED]", which can only make
  // a gate's condition false, never true, so a gate that was false stays false.
  const found = features(text);
  // Nothing any pattern needs on its own (letters alone are not enough), and too few digits in a
  // row for any number: the common case, ids, paths and plain words.
  if ((found & ALONE_ENOUGH) === 0 && digitRun(found) < 6) return text;
  return applyPatterns(text, found);
}
