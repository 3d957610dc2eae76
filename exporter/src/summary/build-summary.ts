/**
 * Builds the admin summary from what the exporter already holds in memory: the business metrics'
 * snapshot, the latest dependency checks and the API's figures last read from Prometheus. No query
 * runs here, so the endpoint costs the same as a scrape.
 */
import { type BusinessSnapshot, sampleValue } from '../business/store';
import type { DependencySnapshot } from '../metrics/dependencies';
import type { AdminSummary, Figure } from './admin-summary';
import type { ApiFigures } from './api-status';

export interface SummarySources {
  /** undefined without a database: every business figure is then null. */
  business: BusinessSnapshot | undefined;
  dependencies: DependencySnapshot | undefined;
  /** The API's figures from Prometheus; undefined without PROMETHEUS_URL, before the first read or once expired. */
  api: ApiFigures | undefined;
  version: string;
  /** Process start, ms since the epoch. */
  startedAt: number;
  now: number;
}

/** The metrics each figure comes from, named once (test/exporter/summary checks them against the catalogue). */
export const SUMMARY_METRICS = [
  'clicky_users',
  'clicky_users_new_today',
  'clicky_users_active_today',
  'clicky_users_active_30d',
  'clicky_sessions_active',
  'clicky_bookings',
  'clicky_bookings_scheduled_today',
  'clicky_bookings_created_today',
  'clicky_bookings_completion_ratio',
  'clicky_donations_amount_idr',
  'clicky_donations_today',
  'clicky_donations_today_amount_idr',
  'clicky_donations_program_amount_idr',
  'clicky_equipment_items',
  'clicky_equipment_loans_active',
  'clicky_equipment_loans_overdue',
  'clicky_equipment_loan_ratio',
  'clicky_auctions_active',
  'clicky_auction_bids_today',
  'clicky_auctions_revenue_idr',
  'clicky_wp_sync_consecutive_failures',
  'clicky_wp_sync_last_success_timestamp_seconds',
] as const;

type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export function buildAdminSummary(sources: SummarySources): AdminSummary {
  const { business } = sources;
  const figure = (metric: SummaryMetric, labels?: Record<string, string>): Figure =>
    (business && sampleValue(business, metric, labels)) ?? null;
  const samples = (metric: SummaryMetric) => business?.metrics[metric]?.samples ?? [];
  const lastSync = figure('clicky_wp_sync_last_success_timestamp_seconds');

  return {
    generated_at: new Date(sources.now).toISOString(),
    currency: 'IDR',
    users: {
      total: figure('clicky_users'),
      new_today: figure('clicky_users_new_today'),
      active_today: figure('clicky_users_active_today'),
      active_30d: figure('clicky_users_active_30d'),
      active_sessions: figure('clicky_sessions_active'),
    },
    bookings: {
      pending: figure('clicky_bookings', { status: 'pending' }),
      today: figure('clicky_bookings_scheduled_today'),
      created_today: figure('clicky_bookings_created_today'),
      completion_rate: figure('clicky_bookings_completion_ratio'),
      by_status: Object.fromEntries(samples('clicky_bookings').map((s) => [s.labels.status ?? '', s.value])),
    },
    donations: {
      total_amount: figure('clicky_donations_amount_idr'),
      today_count: figure('clicky_donations_today'),
      today_amount: figure('clicky_donations_today_amount_idr'),
      top_programs: samples('clicky_donations_program_amount_idr')
        .map((s) => ({ program: s.labels.program ?? '', amount: s.value }))
        .sort((a, b) => b.amount - a.amount || a.program.localeCompare(b.program)),
    },
    equipment: {
      total_items: figure('clicky_equipment_items'),
      active_loans: figure('clicky_equipment_loans_active'),
      overdue_loans: figure('clicky_equipment_loans_overdue'),
      loan_rate: figure('clicky_equipment_loan_ratio'),
    },
    auctions: {
      active: figure('clicky_auctions_active'),
      bids_today: figure('clicky_auction_bids_today'),
      revenue: figure('clicky_auctions_revenue_idr'),
    },
    system: {
      ...systemStatus(sources),
      last_sync: lastSync === null ? null : new Date(lastSync * 1000).toISOString(),
      sync_consecutive_failures: figure('clicky_wp_sync_consecutive_failures'),
      uptime_seconds: Math.floor((sources.now - sources.startedAt) / 1000),
      version: sources.version,
    },
  };
}

function systemStatus({ business, dependencies, api }: SummarySources) {
  const results = Object.entries(dependencies?.results ?? {});
  const services = Object.fromEntries(results.map(([name, result]) => [name, result.status]));
  const errors = [
    ...results.flatMap(([name, result]) => (result.status === 'error' ? [`${name}: ${result.reason}`] : [])),
    ...Object.entries(business?.queries ?? {}).flatMap(([name, query]) =>
      query.consecutiveFailures > 0 ? [`query ${name}`] : [],
    ),
  ];
  const passed = (value: number | null | undefined) =>
    value === null || value === undefined ? null : value >= 1;
  const checks = { scrape: passed(api?.scrapeUp), probe: passed(api?.probeSuccess) };
  const known = Object.values(checks).filter((check): check is boolean => check !== null);
  const apiStatus: AdminSummary['system']['api_status'] =
    known.length === 0 ? 'unknown' : known.every(Boolean) ? 'ok' : known.some(Boolean) ? 'degraded' : 'down';
  return { api_status: apiStatus, api_checks: checks, services, error_count: api?.errors24h ?? null, errors };
}
