/** Equipment loans: items in service, loans out, overdue loans, and the share of items lent. */
import { type BusinessQuery, gauge, query } from '../query';

// Items in service: not retired. Active loan: not returned; overdue: active past its due time.
// Loan ratio: in-service items currently lent / in-service items (0..1); no sample without items.
const EQUIPMENT_SQL = `
WITH items AS (SELECT id FROM equipment_items WHERE retired_at IS NULL),
     loans AS (SELECT item_id, due_at FROM equipment_loans WHERE returned_at IS NULL)
SELECT (SELECT count(*) FROM items) AS items,
       (SELECT count(*) FROM loans) AS active_loans,
       (SELECT count(*) FROM loans WHERE due_at < now()) AS overdue_loans,
       (SELECT count(DISTINCT item_id) FROM loans WHERE item_id IN (SELECT id FROM items))::float8
         / nullif((SELECT count(*) FROM items), 0) AS loan_ratio`;

export const equipmentQueries: BusinessQuery[] = [
  query('equipment', EQUIPMENT_SQL, [
    gauge('clicky_equipment_items', 'items', 'Equipment items in service (not retired).'),
    gauge('clicky_equipment_loans_active', 'active_loans', 'Equipment loans not returned yet.'),
    gauge(
      'clicky_equipment_loans_overdue',
      'overdue_loans',
      'Equipment loans not returned past their due time.',
    ),
    gauge('clicky_equipment_loan_ratio', 'loan_ratio', 'Share of in-service equipment items lent out now.'),
  ]),
];
