import { collectErrors } from '../../../exporter/src/metrics/collect-errors';
import { createRegistry } from '../../../lib/metrics/registry';
import { sampleValue } from '../../support/metrics';

describe('collectErrors', () => {
  it('shares one counter per registry, each source starting at 0', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const postgres = collectErrors(registry, 'postgres');
    const redis = collectErrors(registry, 'redis');
    expect(redis).toBe(postgres);
    expect(await sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'postgres' })).toBe(0);
    redis.inc({ source: 'redis' });
    expect(await sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'redis' })).toBe(1);
  });

  it('keeps registries apart', () => {
    const a = collectErrors(createRegistry({ defaultMetrics: false }), 'postgres');
    const b = collectErrors(createRegistry({ defaultMetrics: false }), 'postgres');
    expect(a).not.toBe(b);
  });
});
