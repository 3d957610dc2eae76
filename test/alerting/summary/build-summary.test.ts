/**
 * The summary read back from a real Prometheus whose TSDB holds a day of ALERTS history (blocks made
 * by promtool from OpenMetrics), through its HTTP API, as the service reads it.
 */
import { buildSummary, summaryWindow } from '../../../alerting/summary/build-summary';
import { type AlertsTsdb, createAlertsTsdb } from '../../support/alerts-tsdb';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';
import { dayOfAlerts, expectedHistory, STEP } from './history-fixture';

jest.setTimeout(30_000);

// The history ends two minutes ago (on a whole minute), so all of it is in the past.
const end = Math.floor(Date.now() / 60_000) * 60 - 120;
let tsdb: AlertsTsdb;
let prom: TestPrometheus;

beforeAll(async () => {
  tsdb = createAlertsTsdb(dayOfAlerts(end), STEP, end);
  prom = await startPrometheus({
    config: { global: { evaluation_interval: `${STEP}s` } },
    storagePath: tsdb.path,
  });
});
afterAll(async () => {
  await prom?.stop();
  tsdb?.remove();
});

describe('summaryWindow', () => {
  it('ends at the last whole step before now and spans 24 hours', () => {
    expect(summaryWindow(1_771_376_407_999, 15)).toEqual({
      start: 1_771_290_000,
      end: 1_771_376_400,
      step: 15,
    });
  });
});

describe('buildSummary against a real Prometheus', () => {
  it('derives each alert’s episodes and firing time from the ALERTS history', async () => {
    const summary = await buildSummary(summaryWindow(end * 1000, STEP), {
      prometheusUrl: prom.url,
      timeoutMs: 10_000,
    });
    expect(summary.alerts).toEqual(expectedHistory(end));
    expect(summary.counts).toEqual({ critical: 2, error: 2, warning: 2 });
  });

  it('sees what is still firing a minute later (the last samples are within the lookback)', async () => {
    const summary = await buildSummary(summaryWindow((end + 60) * 1000, STEP), {
      prometheusUrl: prom.url,
      timeoutMs: 10_000,
    });
    const firingNow = summary.alerts.filter((a) => a.firingNow).map((a) => a.alertname);
    expect(firingNow).toEqual(['DatabaseDown', 'DiskSpaceLow']);
  });

  it('finds nothing in a quiet day', async () => {
    const summary = await buildSummary(summaryWindow((end - 40 * 3600) * 1000, STEP), {
      prometheusUrl: prom.url,
      timeoutMs: 10_000,
    });
    expect(summary).toMatchObject({ alerts: [], counts: { critical: 0, error: 0, warning: 0 } });
  });
});
