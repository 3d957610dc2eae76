import { buildInfoMetric } from '../../../lib/metrics/build-info';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics, samples } from '../../support/metrics';

describe('buildInfoMetric', () => {
  it('exposes <service>_build_info = 1 with version, revision and the Node.js version', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    buildInfoMetric(registry, 'relay', { version: '1.4.0', revision: '3f2c1ab' });
    expect(await samples(registry)).toEqual([
      {
        name: 'clicky_relay_build_info',
        labels: { version: '1.4.0', revision: '3f2c1ab', nodejs_version: process.version },
        value: 1,
      },
    ]);
    expect(promtoolCheckMetrics(await registry.metrics()).status).toBe(0);
  });
});
