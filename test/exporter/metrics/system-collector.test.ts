import { systemPoller } from '../../../exporter/src/metrics/system-collector';
import { createRegistry } from '../../../lib/metrics/registry';
import { sampleValue } from '../../support/metrics';

describe('systemPoller', () => {
  it('counts each failed refresh under its source and tells onError', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const seen: [string, number][] = [];
    const poller = systemPoller(
      'postgres',
      { registry, expireAfterFailures: 5, onError: (err, n) => seen.push([String(err), n]) },
      async () => {
        throw new Error('down');
      },
    );
    await poller.refresh();
    await poller.refresh();
    expect(await sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'postgres' })).toBe(2);
    expect(seen).toEqual([
      ['Error: down', 1],
      ['Error: down', 2],
    ]);
    await poller.stop();
  });

  it('keeps a successful reading', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const poller = systemPoller('redis', { registry }, async () => 42);
    expect(await poller.refresh()).toBe(true);
    expect(poller.current()).toBe(42);
    expect(await sampleValue(registry, 'clicky_system_collect_errors_total', { source: 'redis' })).toBe(0);
    await poller.stop();
  });
});
