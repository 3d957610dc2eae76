/**
 * Every panel query that the exporter can answer, run by a real Prometheus scraping the real exporter
 * over the demo data: each must return data. Queries needing another exporter (node_exporter, cAdvisor,
 * blackbox_exporter) or alert rules (ALERTS) are listed as skipped. Every query is asked at one instant
 * after a successful scrape of both jobs (support/scraped-instant.ts): a scrape that timed out leaves
 * its series stale, and a query asked just then would find nothing.
 */
import { jobs } from '../../alerting/rules/metrics';
import { startPrometheus, type TestPrometheus } from '../support/prometheus-server';
import { type RunningExporter, sampleNames, startExporter } from './support/exporter';
import { ENV, external, runnable, skipped } from './support/exporter-queries';
import { scrapedInstant } from './support/scraped-instant';
import { waitForAsync } from './support/wait';

let exporter: RunningExporter;
let prometheus: TestPrometheus;
/** The instant every query is asked at (Unix seconds). */
let at: number;

beforeAll(async () => {
  exporter = await startExporter();
  await exporter.traffic();
  await waitForAsync('the system figures on /metrics', async () =>
    sampleNames(await exporter.scrape()).has('clicky_redis_memory_used_bytes'),
  );
  // The env label, as the production scrape configs attach it.
  const scrapeConfigs = [
    { job_name: jobs.exporter, static_configs: [{ targets: [exporter.target], labels: { env: ENV } }] },
    // Stands in for the API's request series (the same lib/http/red-metrics.ts), for the panels that
    // read job="clicky-api" (the admin System section's 5xx count).
    { job_name: jobs.api, static_configs: [{ targets: [exporter.target], labels: { env: ENV } }] },
  ];
  prometheus = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      scrape_configs: scrapeConfigs,
    },
  });
  // rate() needs two samples in its window and counters that moved between them: traffic between scrapes.
  await waitForAsync('five successful scrapes of each job', async () => {
    await exporter.traffic();
    const [sample] = await prometheus.query(`count(sum_over_time(up{env="${ENV}"}[1m]) >= 5)`);
    return sample?.value === scrapeConfigs.length;
  });
  at = await scrapedInstant(prometheus, `up{env="${ENV}"}`);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

describe('exporter-backed panel queries, run by Prometheus', () => {
  it('are most of the Prometheus queries', () => {
    expect(runnable.length).toBeGreaterThan(skipped.length);
  });

  it.each(runnable.map((q) => [`${q.dashboard} / ${q.panel}`, q.text] as const))(
    '%s returns data',
    async (_name, text) => {
      expect({ text, result: (await prometheus.query(text, at)).length > 0 }).toEqual({ text, result: true });
    },
  );
});

describe('queries needing an exporter that is not running here', () => {
  it.skip.each(skipped.map((q) => [`${q.dashboard} / ${q.panel}`, external(q).join(', ')] as const))(
    '%s (needs %s)',
    () => {},
  );
});
