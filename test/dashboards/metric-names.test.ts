import { externalMetrics, externalSource } from '../../dashboards/common/metric-sources';
import { type RunningExporter, sampleNames, startExporter } from './support/exporter';
import { models, queriesOf, variableSelectors } from './support/models';
import { metricNames } from './support/parsers';
import { waitForAsync } from './support/wait';

/** Every metric a PromQL panel or variable query selects, with where it is used. */
function usedMetrics(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const model of models()) {
    for (const q of [...queriesOf(model), ...variableSelectors(model)]) {
      if (q.language !== 'promql') continue;
      for (const name of metricNames(q.expr))
        used.set(name, [...(used.get(name) ?? []), `${q.dashboard} / ${q.panel}`]);
    }
  }
  return used;
}

let exporter: RunningExporter;
let exposed: Set<string>;

beforeAll(async () => {
  exporter = await startExporter();
  await exporter.traffic();
  // The PostgreSQL and Redis figures come from background refreshes: wait for their first run.
  await waitForAsync('the system figures on /metrics', async () => {
    exposed = sampleNames(await exporter.scrape());
    return exposed.has('clicky_postgres_connections') && exposed.has('clicky_redis_memory_used_bytes');
  });
}, 30_000);
afterAll(() => exporter?.close());

describe('metric names', () => {
  it("are each on the exporter's /metrics or listed as another exporter's", () => {
    const unknown = [...usedMetrics()]
      .filter(([name]) => !exposed.has(name) && !externalSource(name))
      .map(([name, where]) => `${name} (${where.join(', ')})`);
    expect(unknown).toEqual([]);
  });

  it("listed as external are not the exporter's own (which must be checked) and are all used", () => {
    const external = Object.values(externalMetrics).flat();
    expect(external.filter((name) => exposed.has(name))).toEqual([]);
    const used = usedMetrics();
    expect(external.filter((name) => !used.has(name))).toEqual([]);
  });

  it('the check is live: histograms as _bucket series, business gauges from the demo data', () => {
    expect(exposed).toContain('http_request_duration_seconds_bucket');
    expect(exposed).toContain('http_requests_total');
    expect(exposed).toContain('clicky_donations_program_amount_idr');
    expect(exposed).not.toContain('http_request_duration_seconds');
  });
});
