import { withoutWatchdog } from '../../../../alerting/relay/watchdog/webhook-filter';
import type { RelayAlert } from '../../../../alerting/relay/webhook';
import { testAlert } from '../../../support/alertmanager-payload';

function setUp() {
  const queued: RelayAlert[][] = [];
  let seen = 0;
  const intake = withoutWatchdog(
    {
      accept: async (alerts) => {
        queued.push([...alerts]);
        return { ok: true, accepted: alerts.length, deduplicated: 0 };
      },
    },
    () => {
      seen++;
    },
  );
  return { intake, queued, seen: () => seen };
}

const watchdog = (status: 'firing' | 'resolved' = 'firing') =>
  testAlert({ status, labels: { alertname: 'Watchdog', severity: 'none' } });

describe('a Watchdog that reaches the ordinary webhook', () => {
  it('is not queued for Telegram, and counts as a sign of life', async () => {
    const { intake, queued, seen } = setUp();
    expect(await intake.accept([watchdog()])).toEqual({ ok: true, accepted: 0, deduplicated: 0 });
    expect(queued).toEqual([]);
    expect(seen()).toBe(1);
  });

  it('leaves the other alerts of the post to the intake', async () => {
    const { intake, queued, seen } = setUp();
    const other = testAlert();
    expect(await intake.accept([watchdog('resolved'), other])).toEqual({
      ok: true,
      accepted: 1,
      deduplicated: 0,
    });
    expect(queued).toEqual([[other]]);
    expect(seen()).toBe(0);
  });

  it('changes nothing for posts without it', async () => {
    const { intake, queued } = setUp();
    const alerts = [testAlert(), testAlert({ labels: { alertname: 'WatchdogX' } })];
    await intake.accept(alerts);
    expect(queued).toEqual([alerts]);
  });
});
