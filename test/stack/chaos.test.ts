/**
 * The chaos matrix end to end (npm run chaos): the real Prometheus, Alertmanager, Pushgateway and
 * blackbox_exporter at the scaled clock, every failure of issue 10 caused once, and each one must have
 * told a human on its channel within its bound: its scaled `for` + scaled group_wait (+ the relay's
 * watchdog timeout) + 60 s. Those bounds are correctness bounds with a minute of margin, not speed
 * targets; the test's own time is capped by the worst case the runner can take.
 */
import { boundOf, type Row, runMatrix, SETTLE_MS } from '../../stack/chaos/runner';
import { scenarios } from '../../stack/chaos/scenarios';
import { renderTable } from '../../stack/chaos/table';
import { type ChaosWorld, startWorld } from '../../stack/chaos/world';

const START_MS = 3 * 60_000;
/** Every row waiting its whole bound for every break, then its whole settle allowance. */
const worstCaseMs = scenarios.reduce((total, s) => {
  const bound = boundOf(s);
  const waits = 'seconds' in bound ? bound.seconds * 1000 * (s.again ? 2 : 1) : 0;
  return total + waits + SETTLE_MS;
}, START_MS + SETTLE_MS);

describe('the chaos matrix', () => {
  let world: ChaosWorld | undefined;
  let rows: Row[] = [];

  beforeAll(async () => {
    world = await startWorld();
    rows = await runMatrix(world, scenarios);
    // The table is the evidence; print it whatever the verdict.
    console.log(renderTable(rows));
  }, worstCaseMs);
  afterAll(async () => {
    await world?.stop();
  }, 60_000);

  it('runs every row of issue 10 once', () => {
    expect(rows.map((r) => r.failure)).toEqual(scenarios.map((s) => s.name));
  });

  it('has 0 blind rows: each failure told a human on its channel within its bound', () => {
    const blind = rows.filter((r) => r.outcome !== 'notified');
    expect(blind.map((r) => `${r.failure}: ${r.outcome}, ${r.note}`)).toEqual([]);
    for (const row of rows) {
      expect(row.seconds.length).toBeGreaterThan(0);
      for (const s of row.seconds) expect(s).toBeLessThanOrEqual(row.bound as number);
    }
  });

  it('notifies both failures of a deploy that fails twice in a row', () => {
    const deploy = rows.find((r) => r.alert === 'DeploymentFailed');
    expect(deploy?.seconds).toHaveLength(2);
  });
});
