import { builtinQueries } from '../../../exporter/src/business/catalogue';
import type { BusinessSnapshot, QueryStatus } from '../../../exporter/src/business/store';
import type { DependencySnapshot } from '../../../exporter/src/metrics/dependencies';
import { buildAdminSummary, SUMMARY_METRICS } from '../../../exporter/src/summary/build-summary';

const NOW = Date.parse('2026-02-18T10:30:00.000Z');

function snapshot(
  values: Record<string, { labels?: Record<string, string>; value: number }[]>,
  queries: Record<string, Partial<QueryStatus>> = {},
): BusinessSnapshot {
  return {
    takenAt: NOW,
    metrics: Object.fromEntries(
      Object.entries(values).map(([name, samples]) => [
        name,
        {
          query: 'q',
          updatedAt: NOW,
          samples: samples.map((s) => ({ labels: s.labels ?? {}, value: s.value })),
        },
      ]),
    ),
    queries: Object.fromEntries(
      Object.entries(queries).map(([name, status]) => [
        name,
        {
          metrics: [],
          fresh: true,
          lastSuccessAt: NOW,
          lastDurationSeconds: 0.01,
          consecutiveFailures: 0,
          errors: 0,
          ...status,
        },
      ]),
    ),
  };
}

const healthy: DependencySnapshot = {
  checkedAt: NOW,
  results: { db: { status: 'ok', latency_ms: 3 }, redis: { status: 'ok', latency_ms: 1 } },
};

describe('buildAdminSummary', () => {
  it('maps every figure from its metric, keeping the spec endpoint keys', () => {
    const one = (value: number) => [{ value }];
    const summary = buildAdminSummary({
      business: snapshot({
        clicky_users: one(120),
        clicky_users_new_today: one(4),
        clicky_users_active_today: one(30),
        clicky_users_active_30d: one(90),
        clicky_sessions_active: one(25),
        clicky_bookings: [
          { labels: { status: 'pending' }, value: 7 },
          { labels: { status: 'completed' }, value: 40 },
        ],
        clicky_bookings_scheduled_today: one(5),
        clicky_bookings_created_today: one(3),
        clicky_bookings_completion_ratio: one(0.75),
        clicky_donations_amount_idr: one(15_000_000),
        clicky_donations_today: one(2),
        clicky_donations_today_amount_idr: one(250_000),
        clicky_donations_program_amount_idr: [
          { labels: { program: 'water' }, value: 5_000_000 },
          { labels: { program: 'orphans' }, value: 9_000_000 },
        ],
        clicky_equipment_items: one(50),
        clicky_equipment_loans_active: one(12),
        clicky_equipment_loans_overdue: one(3),
        clicky_equipment_loan_ratio: one(0.24),
        clicky_auctions_active: one(2),
        clicky_auction_bids_today: one(8),
        clicky_auctions_revenue_idr: one(4_200_000),
        clicky_wp_sync_consecutive_failures: one(0),
        clicky_wp_sync_last_success_timestamp_seconds: one(NOW / 1000 - 600),
      }),
      dependencies: healthy,
      api: { scrapeUp: 1, probeSuccess: 1, errors24h: 0 },
      version: '1.0.0',
      startedAt: NOW - 3_600_500,
      now: NOW,
    });
    expect(summary).toEqual({
      generated_at: '2026-02-18T10:30:00.000Z',
      currency: 'IDR',
      users: { total: 120, new_today: 4, active_today: 30, active_30d: 90, active_sessions: 25 },
      bookings: {
        pending: 7,
        today: 5,
        created_today: 3,
        completion_rate: 0.75,
        by_status: { pending: 7, completed: 40 },
      },
      donations: {
        total_amount: 15_000_000,
        today_count: 2,
        today_amount: 250_000,
        top_programs: [
          { program: 'orphans', amount: 9_000_000 },
          { program: 'water', amount: 5_000_000 },
        ],
      },
      equipment: { total_items: 50, active_loans: 12, overdue_loans: 3, loan_rate: 0.24 },
      auctions: { active: 2, bids_today: 8, revenue: 4_200_000 },
      system: {
        api_status: 'ok',
        api_checks: { scrape: true, probe: true },
        services: { db: 'ok', redis: 'ok' },
        last_sync: '2026-02-18T10:20:00.000Z',
        sync_consecutive_failures: 0,
        error_count: 0,
        errors: [],
        uptime_seconds: 3600,
        version: '1.0.0',
      },
    });
  });

  it('reports unknown figures as null, never as 0', () => {
    const summary = buildAdminSummary({
      business: undefined,
      dependencies: undefined,
      api: undefined,
      version: 'v',
      startedAt: NOW,
      now: NOW,
    });
    expect(summary.users).toEqual({
      total: null,
      new_today: null,
      active_today: null,
      active_30d: null,
      active_sessions: null,
    });
    expect(summary.bookings.by_status).toEqual({});
    expect(summary.donations.top_programs).toEqual([]);
    expect(summary.system).toMatchObject({
      api_status: 'unknown',
      api_checks: { scrape: null, probe: null },
      last_sync: null,
      error_count: null,
    });
  });

  it("names the exporter's failing parts, apart from the API's status and 5xx count", () => {
    const summary = buildAdminSummary({
      business: snapshot(
        {},
        { bookings_daily: { consecutiveFailures: 2 }, users: { consecutiveFailures: 0 } },
      ),
      dependencies: {
        checkedAt: NOW,
        results: {
          db: { status: 'ok', latency_ms: 2 },
          redis: { status: 'error', reason: 'connection refused' },
        },
      },
      api: { scrapeUp: 1, probeSuccess: 1, errors24h: 17 },
      version: 'v',
      startedAt: NOW,
      now: NOW,
    });
    expect(summary.system).toMatchObject({
      api_status: 'ok',
      services: { db: 'ok', redis: 'error' },
      error_count: 17,
      errors: ['redis: connection refused', 'query bookings_daily'],
    });
  });

  it.each([
    [{ scrapeUp: 1, probeSuccess: 0 }, 'degraded'],
    [{ scrapeUp: 0, probeSuccess: 1 }, 'degraded'],
    [{ scrapeUp: 0, probeSuccess: 0 }, 'down'],
    [{ scrapeUp: 1, probeSuccess: null }, 'ok'],
    [{ scrapeUp: null, probeSuccess: 0 }, 'down'],
    [{ scrapeUp: null, probeSuccess: null }, 'unknown'],
  ])('reads the API status %j as %s', (figures, status) => {
    const summary = buildAdminSummary({
      business: undefined,
      dependencies: undefined,
      api: { ...figures, errors24h: null },
      version: 'v',
      startedAt: NOW,
      now: NOW,
    });
    expect(summary.system.api_status).toBe(status);
  });

  it('reads only metrics the built-in catalogue produces', () => {
    const produced = new Set(builtinQueries().flatMap((q) => q.metrics.map((m) => m.name)));
    for (const metric of SUMMARY_METRICS) expect(produced).toContain(metric);
  });
});
