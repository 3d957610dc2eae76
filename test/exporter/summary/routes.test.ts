/**
 * GET /metrics/summary over a real database loaded with the demo data: every figure equals the
 * series /metrics serves for it, and the token guard applies.
 */
import express from 'express';
import request from 'supertest';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import { notConfigured } from '../../../exporter/src/health/not-configured';
import { createExporterMetrics, type ExporterMetrics } from '../../../exporter/src/metrics/exporter-metrics';
import type { AdminSummary } from '../../../exporter/src/summary/admin-summary';
import { summaryRoutes } from '../../../exporter/src/summary/routes';
import { type BusinessDatabase, createBusinessDatabase, DEMO_DATA_SQL } from '../../support/business-db';
import { capturedLogger } from '../../support/captured-logger';
import { sampleValue } from '../../support/metrics';

let db: BusinessDatabase;
let metrics: ExporterMetrics;

beforeAll(async () => {
  db = await createBusinessDatabase('summary_routes');
  await db.sql(DEMO_DATA_SQL);
  metrics = createExporterMetrics({
    checks: [notConfigured('minio')],
    healthTimeoutMs: 1000,
    business: {
      queries: builtinQueries(),
      timeZone: 'Asia/Jakarta',
      missedRefreshes: 3,
      logger: capturedLogger().logger,
    },
    databaseUrl: db.url,
  });
  await Promise.all([metrics.business?.refreshNow(), metrics.dependencies.refresh()]);
});

afterAll(async () => {
  await metrics.stop();
  await db.drop();
});

function app(token?: string) {
  const { dependencies, business } = metrics;
  return express().use(
    summaryRoutes({ business, dependencies, version: '1.2.3', startedAt: Date.now() - 5000, token }),
  );
}

describe('GET /metrics/summary', () => {
  it('serves every figure from the same cache as /metrics', async () => {
    const res = await request(app()).get('/metrics/summary');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const summary = res.body as AdminSummary;
    const series = (name: string, labels?: Record<string, string>) =>
      sampleValue(metrics.registry, name, labels);

    expect(summary.users.total).toBe(await series('clicky_users'));
    expect(summary.users.active_today).toBe(await series('clicky_users_active_today'));
    expect(summary.bookings.pending).toBe(await series('clicky_bookings', { status: 'pending' }));
    expect(summary.bookings.today).toBe(await series('clicky_bookings_scheduled_today'));
    expect(summary.donations.total_amount).toBe(await series('clicky_donations_amount_idr'));
    expect(summary.equipment.overdue_loans).toBe(await series('clicky_equipment_loans_overdue'));
    expect(summary.auctions.revenue).toBe(await series('clicky_auctions_revenue_idr'));
    for (const program of summary.donations.top_programs) {
      expect(program.amount).toBe(
        await series('clicky_donations_program_amount_idr', { program: program.program }),
      );
    }
    // The demo data makes every section non-empty: no figure is unknown.
    const figures = [
      summary.users,
      summary.bookings,
      summary.donations,
      summary.equipment,
      summary.auctions,
    ].flatMap((section) => Object.values(section));
    expect(figures).not.toContain(null);
    // Without PROMETHEUS_URL the API's own status and 5xx count are unknown, never made up.
    expect(summary.system).toMatchObject({
      api_status: 'unknown',
      error_count: null,
      services: { minio: 'error' },
      errors: ['minio: not configured'],
      version: '1.2.3',
      uptime_seconds: expect.any(Number),
    });
    expect(summary.system.uptime_seconds).toBeGreaterThanOrEqual(5);
  });

  it('requires the bearer token when one is configured', async () => {
    const guarded = app('s3cret-token');
    expect((await request(guarded).get('/metrics/summary')).status).toBe(401);
    expect((await request(guarded).get('/metrics/summary').set('Authorization', 'Bearer wrong')).status).toBe(
      401,
    );
    const ok = await request(guarded).get('/metrics/summary').set('Authorization', 'Bearer s3cret-token');
    expect(ok.status).toBe(200);
    expect(ok.text).not.toContain('s3cret-token');
  });
});
