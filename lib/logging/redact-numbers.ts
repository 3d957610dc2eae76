/**
 * Payment and contact numbers in free text: card numbers (Luhn), IBANs (mod 97), Indonesian phone
 * numbers, and bank or virtual account numbers where the text labels them as such.
 *
 * Each finder matches a whole run first (digit groups, or capitals and digits) and then decides
 * inside it at group boundaries, so no regex ever rescans a run from each of its positions:
 * linear time on attacker-controlled text.
 *
 * What is found, and the limits (numbers, as opposed to strings, are never scanned: see redact.ts):
 * - Cards: 13 to 19 digits passing the Luhn check, plain or in groups split by spaces or dashes.
 * - IBANs: capital letters and digits, plain or in groups of four, of the exact length of a country
 *   in the registry and passing mod 97. Lower-case IBANs are not looked for.
 * - Phones: `+62` (or `(+62)`) and 8 to 13 digits, or a local mobile number, `08` and 10 to 13
 *   digits in all, in groups split by single spaces, dashes or dots. A local number glued to a
 *   word (`req-0812...`, `0812...abc`) or inside a dashed or dotted chain (`2026-0812...`) is an
 *   id, not a phone. Landlines written locally (`021 ...`), numbers in parentheses other than
 *   `(+62)`, and `62812...` without the plus are not recognised: they read like ids and amounts.
 * - UUIDs (8-4-4-4-12 hex digits, an Alertmanager silence id, a request id) are ids, never one of
 *   the above, though their digit groups may read as one: `outsideUuids` keeps them whole.
 * - Accounts: 6 or more digits after a label, with at most two words between (a bank's name,
 *   "number", "no"): "bank account", "account number/no", "acct number/no", "virtual account",
 *   "VA", "rekening", "no. rek", "norek". An unlabelled account number is indistinguishable from
 *   an id or an amount and is left alone; under a key (`account_number`, `va_number`, ...) it is
 *   redacted by key.
 */
import { ibanValid } from './iban';
import { REDACTED } from './placeholders';

/** A whole UUID: not glued to a letter, digit or dash on either side. */
const UUID =
  /(?<![0-9A-Za-z-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9A-Za-z-])/gi;

/**
 * `redact` applied to the text between UUIDs, the UUIDs kept: "12c76296-7109-4430-9262-2ee1537b7bd6"
 * holds 13 digits in dashed groups that pass the Luhn check, and "08123456-7890-…" starts like a
 * mobile number. A card or phone is never written in UUID groups, so nothing a person wrote is kept.
 */
export function outsideUuids(text: string, redact: (part: string) => string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(UUID)) {
    out += redact(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return last === 0 ? redact(text) : out + redact(text.slice(last));
}

/** A run of digit groups separated by single spaces or dashes. */
const CARD_RUN = /\d+(?:[ -]\d+)*/g;

export function redactCards(text: string): string {
  return text.replace(CARD_RUN, (run) => (containsCardNumber(run) ? REDACTED : run));
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

/** Capitals and digits from a country code and check digits on, in groups split by single spaces. */
const IBAN_RUN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[A-Z0-9]| (?=[A-Z0-9]))*/g;

export function redactIbans(text: string): string {
  return text.replace(IBAN_RUN, (run) =>
    redactWindows(run, / /g, (groups, _separators, start) => ibanEnd(groups, start)),
  );
}

/** The last group of a valid IBAN starting at groups[start], if one does. */
function ibanEnd(groups: string[], start: number): number | undefined {
  if (!/^[A-Z]{2}\d{2}/.test(groups[start] as string)) return undefined;
  let candidate = '';
  for (let end = start; end < groups.length && candidate.length < 34; end++) {
    candidate += groups[end];
    if (ibanValid(candidate)) return end;
  }
  return undefined;
}

/** `+62` and digit groups split by single spaces, dashes or dots. */
const INTERNATIONAL_PHONE = /(?<![\w+])(\+62|\(\+62\))([ .-]?\d+(?:[ .-]\d+)*)/g;

export function redactInternationalPhones(text: string): string {
  return text.replace(INTERNATIONAL_PHONE, (match, _prefix: string, number: string) => {
    // The longest leading groups holding at most 13 digits; what follows is another number.
    const parts = number.split(/(?=[ .-])/);
    let digits = 0;
    let length = 0;
    for (const part of parts) {
      const partDigits = part.replace(/\D/g, '').length;
      if (digits + partDigits > 13) break;
      digits += partDigits;
      length += part.length;
    }
    if (digits < 8) return match;
    return REDACTED + number.slice(length);
  });
}

/** A run of digit groups split by single spaces, dashes or dots, not glued to a word before it. */
const LOCAL_PHONE_RUN = /(?<![\w.+-])\d+(?:[ .-]\d+)*/g;

export function redactLocalPhones(text: string): string {
  return text.replace(LOCAL_PHONE_RUN, (run: string, offset: number, whole: string) => {
    // A run followed by a letter, digit or underscore is glued to a word: its last group is no phone.
    const glued = /\w/.test(whole.charAt(offset + run.length));
    return redactLocalPhonesInRun(run, glued);
  });
}

function redactLocalPhonesInRun(run: string, glued: boolean): string {
  return redactWindows(run, /[ .-]/g, (groups, separators, start) =>
    localPhoneEnd(groups, separators, start, glued),
  );
}

/**
 * `run` cut into groups at its separators, with each window of groups that `windowEnd` recognises
 * (from the group at `start` to the one it returns) replaced by "[REDACTED]", separators kept.
 * separators[i] precedes groups[i]; the first group has none.
 */
function redactWindows(
  run: string,
  separator: RegExp,
  windowEnd: (groups: string[], separators: string[], start: number) => number | undefined,
): string {
  const groups = run.split(separator);
  const separators = ['', ...(run.match(separator) ?? [])];
  const out: string[] = [];
  for (let start = 0; start < groups.length; start++) {
    const end = windowEnd(groups, separators, start);
    out.push(separators[start] as string, end === undefined ? (groups[start] as string) : REDACTED);
    if (end !== undefined) start = end;
  }
  return out.join('');
}

/**
 * The last group of a local mobile number starting at groups[start]: `08`, 10 to 13 digits in
 * all, starting the run or after a space (after a dash or dot it is part of a date or an id).
 */
function localPhoneEnd(
  groups: string[],
  separators: string[],
  start: number,
  glued: boolean,
): number | undefined {
  if (!(groups[start] as string).startsWith('08')) return undefined;
  if (start > 0 && separators[start] !== ' ') return undefined;
  let digits = 0;
  let found: number | undefined;
  for (let end = start; end < groups.length; end++) {
    digits += (groups[end] as string).length;
    if (digits > 13) break;
    if (digits >= 10 && !(glued && end === groups.length - 1)) found = end;
  }
  return found;
}

/**
 * A label, up to two words (a bank's name, "number", "no"), then 6 or more digits, possibly
 * grouped. Separators and words are disjoint classes, so nothing here can backtrack far.
 */
const LABELLED_ACCOUNT =
  /\b(bank\s+account|account\s+(?:number|no)|acct\s+(?:number|no)|virtual\s+account|va|no\.?\s?rek(?:ening)?|rekening)\b([\s:#.=-]*(?:[A-Za-z]{2,12}[\s:#.=-]+){0,2})(\d(?:[ .-]?\d){5,})/gi;

export function redactLabelledAccounts(text: string): string {
  return text.replace(
    LABELLED_ACCOUNT,
    (_match, label: string, between: string) => `${label}${between}${REDACTED}`,
  );
}
