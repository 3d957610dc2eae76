import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IntakeResult } from '../../../../alerting/relay/intake';
import { watchdogMetrics } from '../../../../alerting/relay/watchdog/metrics';
import { fileWatchdogStore, WATCHDOG_FILE } from '../../../../alerting/relay/watchdog/store';
import { createPipelineWatchdog } from '../../../../alerting/relay/watchdog/watchdog';
import type { RelayAlert } from '../../../../alerting/relay/webhook';
import { createRegistry } from '../../../../lib/metrics/registry';
import { capturedLogger } from '../../../support/captured-logger';
import { sampleValue } from '../../../support/metrics';

const MIN = 60_000;
const T0 = Date.parse('2026-02-18T10:00:00Z');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-watchdog-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A watchdog on a clock the test moves, over an intake that takes or refuses notices on demand. */
function setUp(options: { timeoutMs?: number | null; env?: string } = {}) {
  let clock = T0;
  const accepted: RelayAlert[] = [];
  let refuse: IntakeResult | undefined;
  const registry = createRegistry({ defaultMetrics: false });
  const captured = capturedLogger({ level: 'info' });
  const watchdog = createPipelineWatchdog({
    timeoutMs: options.timeoutMs === undefined ? 10 * MIN : options.timeoutMs,
    env: options.env ?? 'production',
    intake: {
      accept: async (alerts) => {
        if (refuse) return refuse;
        accepted.push(...alerts);
        return { ok: true, accepted: alerts.length, deduplicated: 0 };
      },
    },
    store: fileWatchdogStore(dir),
    metrics: watchdogMetrics(registry),
    logger: captured.logger,
    now: () => clock,
  });
  return {
    watchdog,
    accepted,
    registry,
    ...captured,
    at: (ms: number) => {
      clock = ms;
    },
    refuse: (result: IntakeResult | undefined) => {
      refuse = result;
    },
  };
}

const notices = (alerts: RelayAlert[]) => alerts.map((a) => `${a.status} ${a.startsAt}`);
const saved = () => JSON.parse(readFileSync(join(dir, WATCHDOG_FILE), 'utf8'));

describe('the pipeline watchdog', () => {
  it('queues one silence notice, then the recovery when the Watchdog returns, and counts them', async () => {
    const t = setUp();
    t.at(T0 + 5 * MIN);
    t.watchdog.seen();
    t.at(T0 + 14 * MIN);
    await t.watchdog.check();
    expect(t.accepted).toEqual([]);
    expect(t.watchdog.status()).toEqual({ enabled: true, silent: false, ageSeconds: 540 });

    t.at(T0 + 15 * MIN);
    await t.watchdog.check();
    t.at(T0 + 16 * MIN);
    await t.watchdog.check();
    expect(notices(t.accepted)).toEqual(['firing 2026-02-18T10:05:00.000Z']);
    expect(t.accepted[0]?.labels).toMatchObject({ alertname: 'AlertingPipelineSilent', env: 'production' });
    expect(t.watchdog.status()).toEqual({ enabled: true, silent: true, ageSeconds: 660 });

    t.at(T0 + 30 * MIN);
    t.watchdog.seen();
    await t.watchdog.check();
    expect(notices(t.accepted)).toEqual([
      'firing 2026-02-18T10:05:00.000Z',
      'resolved 2026-02-18T10:05:00.000Z',
    ]);
    expect(t.accepted[1]?.endsAt).toBe('2026-02-18T10:30:00.000Z');
    expect(t.watchdog.status()).toEqual({ enabled: true, silent: false, ageSeconds: 0 });

    expect(await sampleValue(t.registry, 'relay_watchdog_notifications_total', { kind: 'silent' })).toBe(1);
    expect(await sampleValue(t.registry, 'relay_watchdog_notifications_total', { kind: 'recovered' })).toBe(
      1,
    );
    expect(await sampleValue(t.registry, 'relay_watchdog_last_seen_timestamp_seconds')).toBe(
      (T0 + 30 * MIN) / 1000,
    );
    expect(t.records()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringMatching(/^Alerting pipeline silent/),
      }),
    );
  });

  it('offers a notice the intake refused again at the next check', async () => {
    const t = setUp();
    t.refuse({ ok: false, reason: 'queue full' });
    t.at(T0 + 10 * MIN);
    await t.watchdog.check();
    expect(t.accepted).toEqual([]);
    expect(await sampleValue(t.registry, 'relay_watchdog_notifications_total', { kind: 'silent' })).toBe(0);
    t.refuse(undefined);
    t.at(T0 + 11 * MIN);
    await t.watchdog.check();
    expect(notices(t.accepted)).toEqual(['firing 2026-02-18T10:00:00.000Z']);
  });

  it('keeps its state in the spool directory across a restart', async () => {
    const first = setUp();
    first.at(T0 + MIN);
    first.watchdog.seen();
    first.at(T0 + 11 * MIN);
    await first.watchdog.check();
    expect(first.accepted).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(saved()).toEqual({ lastSeenMs: T0 + MIN, silenceNotified: true });

    // Restarted during the silence: it is not notified again, its end is.
    const second = setUp();
    second.at(T0 + 20 * MIN);
    await second.watchdog.check();
    expect(second.accepted).toEqual([]);
    expect(second.watchdog.status()).toMatchObject({ silent: true, ageSeconds: 19 * 60 });
    second.watchdog.seen();
    await second.watchdog.check();
    expect(notices(second.accepted)).toEqual(['resolved 2026-02-18T10:01:00.000Z']);
  });

  it('names its environment in the notices', async () => {
    const t = setUp({ env: 'staging' });
    t.at(T0 + 10 * MIN);
    await t.watchdog.check();
    expect(t.accepted[0]?.labels.env).toBe('staging');
  });

  it('starts from start-up when the saved state is unreadable', async () => {
    writeFileSync(join(dir, WATCHDOG_FILE), '{"lastSeenMs":');
    const t = setUp();
    expect(t.watchdog.status()).toEqual({ enabled: true, silent: false, ageSeconds: 0 });
  });

  it('with RELAY_WATCHDOG_TIMEOUT=off records Watchdogs but never calls the pipeline silent', async () => {
    const t = setUp({ timeoutMs: null });
    t.at(T0 + 1000 * MIN);
    await t.watchdog.check();
    expect(t.accepted).toEqual([]);
    expect(t.watchdog.status()).toEqual({ enabled: false, silent: false, ageSeconds: 60_000 });
    t.watchdog.seen();
    expect(await sampleValue(t.registry, 'relay_watchdog_last_seen_timestamp_seconds')).toBe(
      (T0 + 1000 * MIN) / 1000,
    );
  });
});
