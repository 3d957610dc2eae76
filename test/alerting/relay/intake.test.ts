import { createDeduplicator } from '../../../alerting/relay/dedup';
import { createIntake, type IntakeOptions } from '../../../alerting/relay/intake';
import { relayMetrics } from '../../../alerting/relay/metrics';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import type { Spool, SpoolRecord } from '../../../alerting/relay/spool';
import { createRegistry } from '../../../lib/metrics/registry';
import { testAlert } from '../../support/alertmanager-payload';
import { sampleValue } from '../../support/metrics';

function setup(overrides: Partial<IntakeOptions> = {}) {
  const registry = createRegistry({ defaultMetrics: false });
  const written: SpoolRecord[] = [];
  const queued: QueuedAlert[] = [];
  let failing = false;
  let clock = 1_000_000;
  const spool: Spool = {
    durable: true,
    status: () => 'file',
    append: async (records) => {
      if (failing) throw new Error('ENOSPC');
      written.push(...records);
    },
    close: async () => {},
  };
  const intake = createIntake({
    spool,
    queue: {
      get depth() {
        return queued.length;
      },
      push: (items) => void queued.push(...items),
    },
    dedup: createDeduplicator({ maxEntries: 100 }),
    metrics: relayMetrics(registry),
    maxQueued: 5,
    defaultCooldownMs: 60_000,
    nextId: 7,
    draining: () => false,
    now: () => clock,
    ...overrides,
  });
  return {
    intake,
    written,
    queued,
    registry,
    fail: (on: boolean) => {
      failing = on;
    },
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const firing = testAlert();
const resolved = testAlert({ status: 'resolved' });

describe('intake', () => {
  it('stores, then queues, new alerts', async () => {
    const { intake, written, queued } = setup();
    expect(await intake.accept([firing])).toEqual({ ok: true, accepted: 1, deduplicated: 0 });
    expect(written).toEqual([
      { t: 'alert', id: 7, at: 1_000_000, until: 1_000_000 + 270_000, alert: firing },
    ]);
    expect(queued).toEqual([{ id: 7, alert: firing, acceptedAt: 1_000_000 }]);
  });

  it('skips the same alert and status within its cooldown, and counts it', async () => {
    const { intake, queued, registry, advance } = setup();
    await intake.accept([firing]);
    advance(60_000);
    expect(await intake.accept([firing, firing])).toEqual({ ok: true, accepted: 0, deduplicated: 2 });
    expect(await intake.accept([resolved])).toEqual({ ok: true, accepted: 1, deduplicated: 0 });
    advance(300_000);
    expect(await intake.accept([firing])).toEqual({ ok: true, accepted: 1, deduplicated: 0 });
    expect(queued.map((q) => q.alert.status)).toEqual(['firing', 'resolved', 'firing']);
    expect(await sampleValue(registry, 'relay_alerts_received_total', { status: 'firing' })).toBe(4);
    expect(await sampleValue(registry, 'relay_alerts_deduplicated_total', { status: 'firing' })).toBe(2);
  });

  it('uses the default cooldown for a missing or unknown cooldown label', async () => {
    const { intake, written } = setup();
    await intake.accept([
      testAlert({ labels: { cooldown: 'soon' } }),
      testAlert({ labels: { cooldown: 'none', instance: 'x' } }),
    ]);
    expect(written.map((r) => (r as { until: number }).until - 1_000_000)).toEqual([
      54_000,
      365 * 86_400_000 * 0.9,
    ]);
  });

  it('queues an alert posted twice in one payload once', async () => {
    const { intake, queued } = setup();
    expect(await intake.accept([firing, firing])).toEqual({ ok: true, accepted: 1, deduplicated: 1 });
    expect(queued).toHaveLength(1);
  });

  it('refuses, keeping nothing, when the queue would overflow', async () => {
    const { intake, queued } = setup({ maxQueued: 2 });
    const three = ['a', 'b', 'c'].map((instance) => testAlert({ labels: { instance } }));
    expect(await intake.accept(three)).toEqual({ ok: false, reason: 'queue full' });
    expect(queued).toEqual([]);
    expect(await intake.accept(three.slice(0, 2))).toMatchObject({ ok: true, accepted: 2 });
  });

  it('refuses while shutting down', async () => {
    const { intake, queued } = setup({ draining: () => true });
    expect(await intake.accept([firing])).toEqual({ ok: false, reason: 'shutting down' });
    expect(queued).toEqual([]);
  });

  it('refuses when the spool write fails, and forgets the alert so the retry is not a duplicate', async () => {
    const { intake, queued, registry, fail } = setup();
    fail(true);
    expect(await intake.accept([firing])).toEqual({
      ok: false,
      reason: 'spool write failed',
      error: new Error('ENOSPC'),
    });
    expect(queued).toEqual([]);
    expect(await sampleValue(registry, 'relay_spool_write_failures_total')).toBe(1);
    fail(false);
    expect(await intake.accept([firing])).toEqual({ ok: true, accepted: 1, deduplicated: 0 });
  });
});
