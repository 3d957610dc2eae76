/**
 * The admin summary (`GET /metrics/summary`): the spec's "Simple Metrics Endpoint" JSON, extended
 * to the six sections of the admin dashboard (spec section 7). `users` is the Overview section;
 * the spec's own keys (users.total, users.active_today, bookings.pending, bookings.today,
 * donations.total_amount, donations.today_count, system.uptime_seconds, system.version) keep
 * their names, so a client of the spec's endpoint reads this one unchanged.
 *
 * The app's admin screen (`/(admin)/index.tsx`) imports the `AdminSummary` type. A figure whose
 * query is failing or has expired is `null`, never a stale or made-up number. Money is in rupiah
 * (IDR, the base unit), ratios are 0..1.
 */

/** null: unknown right now (its query is failing, has expired, or has not run yet). */
export type Figure = number | null;

export interface AdminSummary {
  /** When this summary was built (ISO 8601, UTC). */
  generated_at: string;
  currency: 'IDR';
  /** Overview. */
  users: {
    total: Figure;
    new_today: Figure;
    /** Daily active users. */
    active_today: Figure;
    /** Monthly active users (last 30 days). */
    active_30d: Figure;
    active_sessions: Figure;
  };
  bookings: {
    pending: Figure;
    /** Bookings for today's date, not cancelled. */
    today: Figure;
    /** Bookings made today. */
    created_today: Figure;
    /** completed / (completed + cancelled) over the last 30 days. */
    completion_rate: Figure;
    /** All bookings by status. */
    by_status: Record<string, number>;
  };
  donations: {
    /** Settled donations, all time. */
    total_amount: Figure;
    today_count: Figure;
    today_amount: Figure;
    /** Programs by settled amount, largest first. */
    top_programs: { program: string; amount: number }[];
  };
  equipment: {
    total_items: Figure;
    active_loans: Figure;
    overdue_loans: Figure;
    /** Share of in-service items out on loan. */
    loan_rate: Figure;
  };
  auctions: {
    active: Figure;
    bids_today: Figure;
    /** Winning bids of ended auctions. */
    revenue: Figure;
  };
  system: {
    /**
     * The API as Prometheus sees it (PROMETHEUS_URL): its own scrape (`up{job="clicky-api"}`) and the
     * blackbox probe of its /health/ready. ok: both pass; down: both fail; degraded: one fails;
     * unknown: no PROMETHEUS_URL, Prometheus unreadable for a while, or neither series exists.
     */
    api_status: 'ok' | 'degraded' | 'down' | 'unknown';
    /** What api_status is made of; null when unknown. */
    api_checks: { scrape: boolean | null; probe: boolean | null };
    /** The exporter's own dependency checks. */
    services: Record<string, 'ok' | 'error'>;
    /** Last successful WordPress sync (ISO 8601), null before the first. */
    last_sync: string | null;
    sync_consecutive_failures: Figure;
    /** The API's 5xx answers over the last 24 h (from Prometheus); null when unknown. */
    error_count: Figure;
    /** What is failing in the exporter now, e.g. "db: connection refused", "query bookings_daily". */
    errors: string[];
    uptime_seconds: number;
    version: string;
  };
}
