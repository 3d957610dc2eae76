import { relayMetrics } from '../../../alerting/relay/metrics';
import { createRegistry } from '../../../lib/metrics/registry';
import { promtoolCheckMetrics } from '../../support/metrics';

describe('relay metrics', () => {
  it('registers the documented series, zero for both statuses, valid for promtool', async () => {
    const registry = createRegistry({ defaultMetrics: false });
    const metrics = relayMetrics(registry);
    metrics.telegramErrors.inc({ code: '429' });
    metrics.deliverySeconds.observe(1.2);
    const text = await registry.metrics();
    expect((await registry.getMetricsAsJSON()).map((m) => m.name).sort()).toEqual([
      'relay_alerts_deduplicated_total',
      'relay_alerts_delivered_total',
      'relay_alerts_dropped_total',
      'relay_alerts_received_total',
      'relay_delivery_seconds',
      'relay_messages_sent_total',
      'relay_queue_depth',
      'relay_spool_write_failures_total',
      'relay_telegram_errors_total',
    ]);
    expect(text).toContain('relay_alerts_received_total{status="resolved"} 0');
    expect(text).toContain('relay_telegram_errors_total{code="429"} 1');
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });
});
