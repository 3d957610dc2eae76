/** Charity auctions: running now, bids today, revenue. */
import { type BusinessQuery, gauge, query } from '../query';

// Active: marked active by the scheduler and inside its time window (an auction past its end that
// the scheduler has not closed yet no longer takes bids, so it is not counted).
// Revenue: winning bids of ended auctions, all time, in IDR.
const AUCTIONS_SQL = `
SELECT (SELECT count(*) FROM auctions
         WHERE status = 'active' AND starts_at <= now() AND ends_at > now()) AS active,
       (SELECT count(*) FROM bids WHERE created_at >= current_date) AS bids_today,
       (SELECT coalesce(sum(b.amount), 0) FROM auctions a JOIN bids b ON b.id = a.winning_bid_id
         WHERE a.status = 'ended') AS revenue_idr`;

export const auctionsQueries: BusinessQuery[] = [
  query('auctions', AUCTIONS_SQL, [
    gauge('clicky_auctions_active', 'active', 'Auctions open for bids now.'),
    gauge('clicky_auction_bids_today', 'bids_today', 'Bids placed today.'),
    gauge('clicky_auctions_revenue_idr', 'revenue_idr', 'Winning bids of ended auctions, all time, in IDR.'),
  ]),
];
