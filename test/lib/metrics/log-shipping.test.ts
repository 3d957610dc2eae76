import type { LokiShipperStats } from '../../../lib/logging/loki/shipper';
import { createLokiShipper } from '../../../lib/logging/loki/shipper';
import { logShippingMetrics } from '../../../lib/metrics/log-shipping';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics, sampleValue } from '../../support/metrics';

describe('logShippingMetrics', () => {
  it("exposes a shipper's counters at scrape time", async () => {
    const stats: LokiShipperStats = { sent_lines: 10, dropped_lines: 2, buffered_lines: 5, failed_pushes: 1 };
    const registry = createRegistry({ defaultMetrics: false });
    logShippingMetrics(registry, { stats: () => stats });
    expect(await sampleValue(registry, 'clicky_log_lines_shipped_total')).toBe(10);
    expect(await sampleValue(registry, 'clicky_log_lines_dropped_total')).toBe(2);
    expect(await sampleValue(registry, 'clicky_log_push_failures_total')).toBe(1);
    expect(await sampleValue(registry, 'clicky_log_lines_buffered')).toBe(5);
    Object.assign(stats, { sent_lines: 25, buffered_lines: 0 });
    expect(await sampleValue(registry, 'clicky_log_lines_shipped_total')).toBe(25);
    expect(await sampleValue(registry, 'clicky_log_lines_buffered')).toBe(0);
    expect(promtoolCheckMetrics(await registry.metrics())).toEqual({ status: 0, output: '' });
  });

  it('reads a real LokiShipper: buffered lines, then dropped ones after close without Loki', async () => {
    const shipper = createLokiShipper({
      url: 'http://127.0.0.1:9',
      labels: { app: 'test', env: 'development' },
      report: () => {},
    });
    const registry = createRegistry({ defaultMetrics: false });
    logShippingMetrics(registry, shipper);
    shipper.write('{"message":"a"}\n{"message":"b"}\n');
    expect(await sampleValue(registry, 'clicky_log_lines_buffered')).toBe(2);
    await shipper.close(50);
    expect(await sampleValue(registry, 'clicky_log_lines_buffered')).toBe(0);
    expect(await sampleValue(registry, 'clicky_log_lines_dropped_total')).toBe(2);
    expect(await sampleValue(registry, 'clicky_log_lines_shipped_total')).toBe(0);
  });

  it('keeps the last totals when stats() throws, so the counters never appear to reset', async () => {
    let broken = false;
    const registry = createRegistry({ defaultMetrics: false });
    logShippingMetrics(registry, {
      stats: () => {
        if (broken) throw new Error('broken');
        return { sent_lines: 7, dropped_lines: 0, buffered_lines: 1, failed_pushes: 0 };
      },
    });
    expect(await sampleValue(registry, 'clicky_log_lines_shipped_total')).toBe(7);
    broken = true;
    expect(await sampleValue(registry, 'clicky_log_lines_shipped_total')).toBe(7);
    await expect(registry.metrics()).resolves.toContain('clicky_log_lines_buffered 1');
  });
});
