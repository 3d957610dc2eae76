/**
 * The admin summary's System section against a real Prometheus scraping a small API (its request
 * series) and a real blackbox_exporter probing the API's /health/ready: the status, the 5xx count,
 * and "unknown" once Prometheus cannot be read for a while.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createFixtureApi, type FixtureApi } from '../../../contracts/fixture-api';
import { loadExporterConfig } from '../../../exporter/src/config';
import { createExporter, type Exporter } from '../../../exporter/src/exporter';
import type { AdminSummary } from '../../../exporter/src/summary/admin-summary';
import { apiQueries } from '../../../exporter/src/summary/api-queries';
import { startBlackboxExporter, type TestBlackboxExporter } from '../../support/blackbox-exporter';
import { capturedLogger } from '../../support/captured-logger';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';

jest.setTimeout(90_000);

const ENV = 'staging';
let api: FixtureApi;
let apiUrl: string;
/** `count` requests to the fixture's API route; the knobs decide which answer 500. */
const send = async (count: number) => {
  for (let i = 0; i < count; i++) await (await fetch(`${apiUrl}/bookings`)).arrayBuffer();
};
let blackbox: TestBlackboxExporter;
let prom: TestPrometheus;
let exporter: Exporter;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'api-status-'));
  api = createFixtureApi({ logger: capturedLogger().logger });
  apiUrl = await api.listen();
  // Plain http (the deployed module requires TLS): otherwise as prometheus/blackbox.yml.
  const blackboxConfig = join(dir, 'blackbox.yml');
  writeFileSync(blackboxConfig, 'modules:\n  http_2xx:\n    prober: http\n    timeout: 2s\n');
  blackbox = await startBlackboxExporter(blackboxConfig);
  prom = await startPrometheus({
    config: {
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      scrape_configs: [
        {
          job_name: 'clicky-api',
          static_configs: [{ targets: [new URL(apiUrl).host], labels: { env: ENV } }],
        },
        {
          job_name: 'blackbox-http',
          metrics_path: '/probe',
          params: { module: ['http_2xx'] },
          static_configs: [
            { targets: [`${apiUrl}/health/ready`], labels: { monitor: 'api-ready', env: ENV } },
          ],
          relabel_configs: [
            { source_labels: ['__address__'], target_label: '__param_target' },
            { source_labels: ['__param_target'], target_label: 'instance' },
            { target_label: '__address__', replacement: blackbox.address },
          ],
        },
      ],
    },
  });
  const config = loadExporterConfig({
    APP_ENV: ENV,
    PROMETHEUS_URL: prom.url,
    PROMETHEUS_QUERY_INTERVAL_MS: '1000',
    HEALTH_TIMEOUT_MS: '2000',
  });
  exporter = createExporter({ config, queries: [], logger: capturedLogger().logger });
  exporter.start();
});

afterAll(async () => {
  await exporter?.close();
  await Promise.all([prom?.stop(), blackbox?.stop(), api?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const system = async () =>
  ((await request(exporter.handler).get('/metrics/summary')).body as AdminSummary).system;

/** Polls the summary until `done` holds (Prometheus scrapes every second, the exporter reads every second). */
async function summaryWhere(what: string, done: (s: AdminSummary['system']) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await system();
  while (!done(last)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await system();
  }
  return last;
}

/**
 * Whether both checks are known. A check is unknown (null) while its series is missing, or stale after
 * a failed 1 s scrape on a loaded machine; the status is then made of the other check alone, rightly,
 * but that is not what these tests look at.
 */
const knownChecks = (x: AdminSummary['system']) =>
  x.api_checks.scrape !== null && x.api_checks.probe !== null;

describe("the admin summary's System section", () => {
  it('is ok with 0 errors while the API is scraped, ready and has answered no 5xx', async () => {
    await send(3);
    const s = await summaryWhere(
      'ok, with both checks known',
      (x) => x.api_status === 'ok' && knownChecks(x) && x.error_count !== null,
    );
    expect(s).toMatchObject({ api_checks: { scrape: true, probe: true }, error_count: 0 });
  });

  it("counts the API's 5xx answers of the last 24 h", async () => {
    api.set({ errorCount: 1 });
    await send(1);
    // The 5xx series is born with its first answer; increase() counts from its first scrape on.
    const born = async () => (await prom.query(apiQueries(ENV).errors24h)).length > 0;
    for (let i = 0; i < 100 && !(await born()); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    api.set({ errorCount: 4 });
    await send(4);
    const s = await summaryWhere('4 errors or more', (x) => (x.error_count ?? 0) >= 4);
    expect(s.error_count).toBeLessThan(20); // counted, not invented (extrapolation adds a little)
  });

  it('is degraded when the probe of /health/ready fails while the scrape works', async () => {
    api.set({ ready: false });
    const s = await summaryWhere('degraded', (x) => x.api_status === 'degraded' && knownChecks(x));
    expect(s.api_checks).toEqual({ scrape: true, probe: false });
    api.set({ ready: true });
    await summaryWhere('ok again', (x) => x.api_status === 'ok');
  });

  it('is down when the API stops answering altogether', async () => {
    await api.close();
    const s = await summaryWhere('down', (x) => x.api_status === 'down' && knownChecks(x));
    expect(s.api_checks).toEqual({ scrape: false, probe: false });
  });

  it('is unknown, with no error count, once Prometheus cannot be read for a while', async () => {
    await prom.stop();
    const s = await summaryWhere('unknown', (x) => x.api_status === 'unknown');
    expect(s).toMatchObject({ api_checks: { scrape: null, probe: null }, error_count: null });
  });
});
