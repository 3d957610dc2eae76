/**
 * The one test of a time-zone setting (METRICS_TIME_ZONE, RELAY_TIME_ZONE, SUMMARY_TIME_ZONE): an
 * IANA zone name that Node knows ("Asia/Jakarta", "UTC"). Offsets such as "+07:00" are refused,
 * though Intl takes them: PostgreSQL, which gets the exporter's zone, reads POSIX offsets with the
 * opposite sign, and one rule for every service keeps a value that works in one working in all.
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

export function isIanaTimeZone(timeZone: string): boolean {
  if (!IANA_NAME.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
