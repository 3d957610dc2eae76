import { Counter, Histogram, Registry } from 'prom-client';
import { negotiateFormat, renderMetrics } from '../../../lib/metrics/exposition';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics, promtoolParseOpenMetrics } from '../../support/metrics';

/** What Prometheus 2.x sends by default. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function registryWithCounter() {
  const registry = new Registry();
  registry.setDefaultLabels({ region: 'id' });
  const counter = new Counter({
    name: 'demo_requests_total',
    help: 'Demo.',
    labelNames: ['route'],
    registers: [registry],
  });
  counter.inc({ route: '/a' }, 3);
  const histogram = new Histogram({
    name: 'demo_seconds',
    help: 'Demo.',
    buckets: [1, 2],
    registers: [registry],
  });
  histogram.observe(1.5);
  return registry;
}

describe('negotiateFormat', () => {
  it.each([
    [undefined, 'prometheus'],
    ['', 'prometheus'],
    ['*/*', 'prometheus'],
    ['text/plain;version=0.0.4', 'prometheus'],
    [PROMETHEUS_ACCEPT, 'openmetrics'],
    ['application/openmetrics-text', 'openmetrics'],
    ['application/openmetrics-text; version=0.0.1', 'openmetrics'],
    ['application/openmetrics-text;version=2.0.0', 'prometheus'],
    ['application/openmetrics-text;q=0', 'prometheus'],
    ['text/plain;q=0.9, application/openmetrics-text;q=0.5', 'prometheus'],
    ['application/openmetrics-text;q=0.5, text/plain;q=0.9', 'prometheus'],
    ['application/openmetrics-text, */*', 'openmetrics'],
  ])('%j -> %s', (accept, format) => {
    expect(negotiateFormat(accept)).toBe(format);
  });
});

describe('renderMetrics', () => {
  it('renders Prometheus text 0.0.4 as the registry does', async () => {
    const registry = registryWithCounter();
    const { contentType, body } = await renderMetrics(registry, 'prometheus');
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toBe(await registry.metrics());
    expect(body).toContain('demo_requests_total{route="/a",region="id"} 3');
  });

  it('renders OpenMetrics 1.0.0: counter family without _total, samples with it, # EOF last', async () => {
    const registry = registryWithCounter();
    const { contentType, body } = await renderMetrics(registry, 'openmetrics');
    expect(contentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
    expect(body).toContain('# TYPE demo_requests counter\n');
    expect(body).toContain('demo_requests_total{route="/a",region="id"} 3\n');
    expect(body).toContain('demo_seconds_bucket{le="2",region="id"} 1\n');
    expect(body.endsWith('\n# EOF\n')).toBe(true);
    expect(body.split('\n').filter((line) => line === '')).toEqual(['']); // only after # EOF
  });

  it('leaves the registry intact for the next Prometheus scrape', async () => {
    const registry = registryWithCounter();
    const before = await registry.metrics();
    await renderMetrics(registry, 'openmetrics');
    expect(await registry.metrics()).toBe(before);
    expect(promtoolCheckMetrics(before)).toEqual({ status: 0, output: '' });
  });

  it('renders an empty registry as a lone # EOF', async () => {
    expect((await renderMetrics(new Registry(), 'openmetrics')).body).toBe('# EOF\n');
  });

  it("produces OpenMetrics that Prometheus's parser accepts, default metrics included", async () => {
    const { body } = await renderMetrics(createRegistry(), 'openmetrics');
    const parsed = promtoolParseOpenMetrics(body);
    expect(parsed.status).toBe(0);
  });
});
