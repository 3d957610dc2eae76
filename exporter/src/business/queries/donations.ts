/**
 * Donations, in rupiah (IDR, the base unit; amounts are bigint in the database). Only settled
 * donations (status 'paid') count: pending ones may never arrive, failed/expired ones did not,
 * refunded ones went back. "Today" is by creation time, in the organisation's time zone.
 */
import { type BusinessQuery, gauge, query } from '../query';

const TOTALS_SQL = `
SELECT coalesce(sum(amount), 0) AS amount_idr,
       count(*) FILTER (WHERE created_at >= current_date) AS today,
       coalesce(sum(amount) FILTER (WHERE created_at >= current_date), 0) AS today_amount_idr
FROM donations
WHERE status = 'paid'`;

// LIMIT bounds the label's cardinality; ties go by slug so the set is stable between runs.
// General donations (no program) are in the totals only.
const topProgramsSql = (limit: number) => `
SELECT p.slug AS program, sum(d.amount) AS amount_idr
FROM donations d
JOIN programs p ON p.id = d.program_id
WHERE d.status = 'paid'
GROUP BY p.slug
ORDER BY amount_idr DESC, p.slug
LIMIT ${limit}`;

/** `topPrograms`: how many programs get a series (a whole number from 1 to 100). */
export function donationsQueries(topPrograms: number): BusinessQuery[] {
  if (!Number.isInteger(topPrograms) || topPrograms < 1 || topPrograms > 100)
    throw new RangeError(`top programs must be a whole number from 1 to 100, got ${topPrograms}`);
  return [
    query('donations', TOTALS_SQL, [
      gauge('clicky_donations_amount_idr', 'amount_idr', 'Settled donations, all time, in IDR.'),
      gauge('clicky_donations_today', 'today', 'Settled donations made today.'),
      gauge('clicky_donations_today_amount_idr', 'today_amount_idr', 'Settled donations made today, in IDR.'),
    ]),
    query('donations_top_programs', topProgramsSql(topPrograms), [
      gauge(
        'clicky_donations_program_amount_idr',
        'amount_idr',
        `Settled donations by program, all time, in IDR; the ${topPrograms} programs with the most.`,
        ['program'],
      ),
    ]),
  ];
}
