/**
 * The admin overview: spec section 7's table, one row per section, from the exporter's business
 * gauges (README "Business metrics") and its dependency checks.
 */

import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { wpSync } from '../alerting/rules/metrics';
import { seconds } from '../alerting/rules/promql';
import { thresholds } from '../alerting/rules/thresholds';
import { apiQueries } from '../exporter/src/summary/api-queries';
import { clickyDashboard } from './common/dashboard';
import { barGauge, gauge, type PanelSpec, stat, units } from './common/panels';
import { promQuery } from './common/queries';
import { inEnv, v } from './common/selectors';
import { greenFrom, neutral, okDegradedDown, redBelow, redFrom } from './common/thresholds';
import { prometheusDatasource, prometheusEnv } from './common/variables';
import { ADMIN_DASHBOARD_UID } from './panel-ids';

/** max(): one number even while an old and a new exporter overlap during a deploy. */
const current = (metric: string, matchers: Record<string, string> = {}) => `max(${inEnv(metric, matchers)})`;

/** A business figure as a big number; missing (query failing) shows as "No data", never a stale value. */
const figure = (title: string, description: string, metric: string, extra: Partial<PanelSpec> = {}) =>
  stat({
    title,
    description: `${description} (\`${metric}\`)`,
    unit: units.Short,
    queries: [promQuery(current(metric), { instant: true })],
    thresholds: neutral(),
    ...extra,
  });

const totalUsers = () => figure('Total users', 'Active accounts.', 'clicky_users');
const newUsersToday = () =>
  figure('New users today', 'Accounts created since local midnight.', 'clicky_users_new_today');
const activeSessions = () =>
  figure('Active sessions', 'Sessions neither revoked nor expired.', 'clicky_sessions_active');

const pendingBookings = () =>
  stat({
    title: 'Pending bookings',
    description: 'Bookings waiting for confirmation (`clicky_bookings{status="pending"}`).',
    unit: units.Short,
    queries: [promQuery(current('clicky_bookings', { status: 'pending' }), { instant: true })],
  });
const bookingsToday = () =>
  figure(
    "Today's bookings",
    'Bookings scheduled for today, cancelled ones excepted.',
    'clicky_bookings_scheduled_today',
  );
const completionRate = () =>
  gauge({
    title: 'Completion rate',
    description:
      'Completed / (completed + cancelled) bookings over the last 30 days (`clicky_bookings_completion_ratio`).',
    unit: units.PercentUnit,
    queries: [promQuery(current('clicky_bookings_completion_ratio'), { instant: true })],
    // No alert on it: the colours only draw the eye (below half completed is red, below 80 % orange).
    thresholds: greenFrom(0.5, 0.8),
  });

const totalDonated = () =>
  figure(
    'Total donated',
    'All-time amount of settled (paid) donations, in rupiah.',
    'clicky_donations_amount_idr',
    {
      unit: units.IndonesianRupiah,
      width: 4,
      height: 8,
    },
  );
const donationsToday = () =>
  figure("Today's donations", 'Settled donations since local midnight.', 'clicky_donations_today', {
    width: 4,
    height: 8,
  });
const donatedToday = () =>
  figure(
    "Today's amount",
    'Amount of the settled donations since local midnight.',
    'clicky_donations_today_amount_idr',
    {
      unit: units.IndonesianRupiah,
      width: 4,
      height: 8,
    },
  );
const topPrograms = () =>
  barGauge({
    title: 'Top programs',
    description:
      'Settled donations by program, all time; the exporter reports the top METRICS_TOP_PROGRAMS (`clicky_donations_program_amount_idr`).',
    unit: units.IndonesianRupiah,
    queries: [
      promQuery(`sort_desc(max by (program) (${inEnv('clicky_donations_program_amount_idr')}))`, {
        instant: true,
        legend: '{{program}}',
      }),
    ],
    width: 12,
    height: 8,
  });

const equipmentItems = () => figure('Total items', 'Equipment items in service.', 'clicky_equipment_items');
const activeLoans = () =>
  figure('Active loans', 'Equipment currently lent out.', 'clicky_equipment_loans_active');
const overdueLoans = () =>
  figure('Overdue loans', 'Loans past their due date and not returned.', 'clicky_equipment_loans_overdue', {
    thresholds: redFrom(1),
  });

const activeAuctions = () => figure('Active auctions', 'Auctions open for bids.', 'clicky_auctions_active');
const bidsToday = () =>
  figure('Bids today', 'Bids placed since local midnight.', 'clicky_auction_bids_today');
const auctionRevenue = () =>
  figure('Revenue', 'Winning bids of ended auctions, in rupiah.', 'clicky_auctions_revenue_idr', {
    unit: units.IndonesianRupiah,
  });

/** The System section's PromQL, shared with /metrics/summary (exporter/src/summary/api-queries.ts). */
const api = apiQueries(v('env'));

/** As /metrics/summary's api_status: the API's own scrape and the blackbox probe of its /health/ready. */
const apiStatus = () =>
  stat({
    title: 'API status',
    description:
      'The API\'s own scrape (`up{job="clicky-api"}`) and the blackbox probe of its `/health/ready` ' +
      '(monitor `api-ready`): OK when both pass, Degraded when one fails, Down when both fail.',
    unit: units.NoUnit,
    queries: [promQuery(`(${api.scrapeUp} + ${api.probeSuccess}) / 2`, { instant: true })],
    thresholds: redBelow(1),
    mappings: okDegradedDown(),
  });

const syncMaxAge = thresholds.wpSync.maxAge;
const lastSync = () =>
  stat({
    title: 'Last WordPress sync',
    description: `Time since the last successful WordPress sync; red after ${syncMaxAge}, when the WpSyncFailed alert also fires.`,
    unit: units.DurationSeconds,
    queries: [promQuery(`time() - ${current(wpSync.lastSuccess)}`, { instant: true })],
    thresholds: redFrom(seconds(syncMaxAge)),
  });

/** As /metrics/summary's error_count: the API's 5xx answers over the last 24 hours. */
const errorCount = () =>
  stat({
    title: 'Error count (24 h)',
    description:
      "The API's 5xx answers over the last 24 hours, from its `http_requests_total` (the metrics contract); " +
      'no data when the API serves no request series.',
    unit: units.Short,
    queries: [promQuery(api.errors24h, { instant: true })],
    thresholds: redFrom(1),
  });

export function adminOverview(): DashboardBuilder {
  return clickyDashboard({
    uid: ADMIN_DASHBOARD_UID,
    title: 'Clicky / Admin overview',
    description:
      "The admin panel's figures (spec section 7): users, bookings, donations, equipment, auctions, system.",
    tags: ['business'],
    variables: [prometheusDatasource(), prometheusEnv()],
  })
    .withRow(new RowBuilder('Overview'))
    .withPanel(totalUsers())
    .withPanel(newUsersToday())
    .withPanel(activeSessions())
    .withRow(new RowBuilder('Bookings'))
    .withPanel(pendingBookings())
    .withPanel(bookingsToday())
    .withPanel(completionRate())
    .withRow(new RowBuilder('Donations'))
    .withPanel(totalDonated())
    .withPanel(donationsToday())
    .withPanel(donatedToday())
    .withPanel(topPrograms())
    .withRow(new RowBuilder('Equipment'))
    .withPanel(equipmentItems())
    .withPanel(activeLoans())
    .withPanel(overdueLoans())
    .withRow(new RowBuilder('Auctions'))
    .withPanel(activeAuctions())
    .withPanel(bidsToday())
    .withPanel(auctionRevenue())
    .withRow(new RowBuilder('System'))
    .withPanel(apiStatus())
    .withPanel(lastSync())
    .withPanel(errorCount());
}
