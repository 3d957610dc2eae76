/**
 * Key names that hold personal data beyond the spec's list of secrets: a person's name, a bank or
 * virtual account number, a phone number under an Indonesian name. Both the key rules (a value
 * under such a key is replaced whole) and the `name=value` pattern in free text use them, so a
 * field and the same field written into a message are treated alike.
 *
 * Keys are compared normalized: lower case, letters and digits only (`Full-Name` -> `fullname`).
 *
 * Decisions the issue leaves open:
 * - `name` alone is a person's name: this platform's records with a bare `name` are users, donors
 *   and bidders. A check, queue, metric or file is logged under a specific key (`check`, `queue`,
 *   `task_name`, `file_name`, `bucket`), which stays.
 * - `<role>_name` is a person's name for the roles below (recipient, donor, bidder, ...); any other
 *   `..._name` (`task_name`, `file_name`, `hostname`, `service_name`, `alertname`, `bank_name`)
 *   is kept.
 * - `username` is kept: a login handle, like `user_id`, is what support needs to find an account.
 * - A bare `account` (`account_id`, `service_account`) is kept: only account *numbers* and holders.
 */

/** A normalized key containing any of these names a person, or a bank or virtual account. */
export const PERSONAL_KEY_PARTS = [
  // names
  'fullname',
  'firstname',
  'lastname',
  'middlename',
  'givenname',
  'familyname',
  'surname',
  'maidenname',
  'displayname',
  'namalengkap',
  'accountholder',
  'cardholder',
  // bank and virtual accounts
  'accountnumber',
  'accountnum',
  'acctnumber',
  'bankaccount',
  'virtualaccount',
  'vanumber',
  'iban',
  'rekening',
  // phones, by their Indonesian and messaging names ('phone' is a secret key part already)
  'telepon',
  'handphone',
  'whatsapp',
  'msisdn',
  'mobilenumber',
];

/** Short or common words that are personal only as the whole key. */
export const PERSONAL_KEYS_EXACT = new Set([
  'name',
  'nama',
  'nickname',
  'accountname',
  'holdername',
  'accountno',
  'acctno',
  'bankacct',
  'norek',
  'va',
  'vano',
  'vanum',
  'hp',
  'nohp',
  'nomorhp',
  'telp',
  'notelp',
  'wa',
  'nowa',
]);

/** `<role>name` names a person for these roles. */
export const PERSON_ROLES = new Set([
  'recipient',
  'sender',
  'donor',
  'bidder',
  'customer',
  'contact',
  'payer',
  'payee',
  'beneficiary',
  'member',
  'guardian',
  'borrower',
  'guest',
  'student',
  'volunteer',
]);

/**
 * A cheap test for text that may hold such a key as `key=value`: every key above contains one of
 * these (a unit test holds it to that), and so does any spelling with separators between its
 * words, unless a separator splits one of these words ("tele_pon").
 */
export const PERSONAL_KEY_HINT =
  /nam[ae]|account|acct|iban|rek|holder|va|hp|phone|telp|telepon|whats|msisdn|mobile|wa/i;

/** Whether a normalized key (lower case, letters and digits only) holds personal data. */
export function isPersonalKey(normalized: string): boolean {
  if (PERSONAL_KEYS_EXACT.has(normalized)) return true;
  if (normalized.endsWith('name') && PERSON_ROLES.has(normalized.slice(0, -4))) return true;
  return PERSONAL_KEY_PARTS.some((part) => normalized.includes(part));
}

/** Lower case, letters and digits only: how key names are compared. */
export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}
