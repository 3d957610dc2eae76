import { register } from 'prom-client';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics, samples } from '../../support/metrics';

describe('createRegistry', () => {
  it('collects the default process and runtime metrics on its own registry, not the global one', async () => {
    const registry = createRegistry();
    const names = new Set((await samples(registry)).map((s) => s.name));
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(names).toContain(name);
    expect(register.getSingleMetric('process_cpu_seconds_total')).toBeUndefined();
  });

  it('prefixes the default metrics only', async () => {
    const registry = createRegistry({ prefix: 'clicky_exporter_' });
    expect(registry.getSingleMetric('clicky_exporter_process_cpu_seconds_total')).toBeDefined();
    expect(registry.getSingleMetric('process_cpu_seconds_total')).toBeUndefined();
  });

  it('adds the default labels to every series', async () => {
    const registry = createRegistry({ defaultLabels: { service: 'exporter' } });
    const all = await samples(registry);
    expect(all.length).toBeGreaterThan(10);
    expect(all.every((s) => s.labels.service === 'exporter')).toBe(true);
  });

  it('can leave the default metrics out', () => {
    expect(createRegistry({ defaultMetrics: false }).getMetricsAsArray()).toEqual([]);
  });

  it('passes promtool check metrics (the redundant *_total gauges are dropped)', async () => {
    const registry = createRegistry();
    const text = await registry.metrics();
    expect(text).not.toContain('nodejs_active_handles_total');
    // Sampled per scrape by an async collect that every scrape waits for; the p50/p90/p99 stay.
    expect(text).not.toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toMatch(/^nodejs_active_resources\{/m);
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
