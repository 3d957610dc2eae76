/**
 * Runs the matrix: one scenario at a time on a healthy stack, the clock started when the failure
 * starts and stopped by the first notification of the expected alert on the expected channel.
 * A row not notified within its bound (the alert's scaled `for` + its route's scaled group_wait
 * [+ the relay's watchdog timeout] + 60 s) is blind. The bound is a correctness bound of the scaled
 * system with a minute of margin, not a speed target.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { seconds } from '../../alerting/rules/promql';
import type { Channel, Notification } from './notifications';
import { scaledGroupWait, scaledRules } from './scale';
import type { Scenario } from './scenario';
import { type ChaosWorld, WATCHDOG_TIMEOUT_SECONDS } from './world';

/** Margin of every bound, in seconds: generous, so a loaded machine does not fail the matrix. */
export const MARGIN_SECONDS = 60;
/** How long the stack may take to be healthy again after a restore. */
export const SETTLE_MS = 60_000;

export type Outcome = 'notified' | 'blind' | 'not wired';

export interface Row {
  failure: string;
  alert: string;
  channel: Channel;
  /** Seconds from the failure to its notice, one per break (two for a failure that happens again). */
  seconds: number[];
  /** The bound in seconds, when the rule exists. */
  bound?: number;
  outcome: Outcome;
  /** Why a row is blind or not wired, or what else happened (another channel carried it...). */
  note?: string;
}

/** The bound of a scenario, or why it has none (its rule is not defined here). */
export function boundOf(scenario: Scenario): { seconds: number } | { missing: string } {
  const name = scenario.rule ?? scenario.expect.alert;
  const rule = scaledRules().find((r) => r.alert === name);
  if (!rule) return { missing: `no ${name} rule in alerting/rules` };
  const watchdog = scenario.expect.channel === 'relay-watchdog' ? WATCHDOG_TIMEOUT_SECONDS : 0;
  return { seconds: seconds(rule.for) + scaledGroupWait(rule) + watchdog + MARGIN_SECONDS };
}

const matches = (scenario: Scenario, since: number) => (n: Notification) =>
  n.at >= since &&
  n.channel === scenario.expect.channel &&
  n.alert === scenario.expect.alert &&
  (scenario.expect.mentions === undefined || n.text.includes(scenario.expect.mentions));

async function firstNotice(world: ChaosWorld, scenario: Scenario, since: number, boundMs: number) {
  const deadline = since + boundMs;
  for (;;) {
    const found = world.inbox.all().find(matches(scenario, since));
    if (found) return found;
    if (Date.now() > deadline) return undefined;
    await sleep(200);
  }
}

/**
 * Healthy again: every target up, every probe passing, the row's own alert neither pending nor firing
 * (Watchdog always fires, by design), and the relay's pipeline health (where the relay has one) back
 * to 200. Other alerts are not waited for: on a shared machine a stray push can keep one firing.
 * Returns what was still wrong.
 */
export async function settle(world: ChaosWorld, scenario?: Scenario): Promise<string | undefined> {
  const alert = scenario ? (scenario.rule ?? scenario.expect.alert) : undefined;
  const deadline = Date.now() + SETTLE_MS;
  let problem = 'not checked';
  for (;;) {
    problem = await unhealthy(world, alert === 'Watchdog' ? undefined : alert).catch(
      (err: Error) => err.message,
    );
    if (problem === '') return undefined;
    if (Date.now() > deadline) return problem;
    await sleep(500);
  }
}

async function unhealthy(world: ChaosWorld, alert: string | undefined): Promise<string> {
  const down = await world.prometheus.query('up == 0 or probe_success == 0');
  if (down.length > 0) return `down: ${down.map((s) => s.metric.job ?? s.metric.__name__).join(', ')}`;
  const alerts = (await world.prometheus.alerts()).filter((a) => a.labels.alertname === alert);
  if (alerts.length > 0) return `alerts: ${alerts.map((a) => `${a.labels.alertname} ${a.state}`).join(', ')}`;
  const relay = world.stack.urls.relay;
  if (relay) {
    const response = await fetch(`${relay}/health/pipeline`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    // 404: a relay without the dead man's switch.
    if (response.status !== 200 && response.status !== 404) return `relay pipeline ${response.status}`;
  }
  return '';
}

export async function runScenario(world: ChaosWorld, scenario: Scenario): Promise<Row> {
  const row: Row = {
    failure: scenario.name,
    alert: scenario.expect.alert,
    channel: scenario.expect.channel,
    seconds: [],
    outcome: 'notified',
  };
  const bound = boundOf(scenario);
  if ('missing' in bound) return { ...row, outcome: 'not wired', note: bound.missing };
  row.bound = bound.seconds;
  const breaks = [scenario.break, ...(scenario.again ? [scenario.again] : [])];
  try {
    for (const [i, cause] of breaks.entries()) {
      // The clock starts as the failure starts (a burst takes seconds, a stop may take some).
      const since = Date.now();
      await cause(world);
      world.log(
        `${scenario.name}: broken${i > 0 ? ' again' : ''}, waiting for ${row.alert} (${row.channel})`,
      );
      const notice = await firstNotice(world, scenario, since, bound.seconds * 1000);
      if (!notice) {
        const elsewhere = world.inbox
          .all()
          .filter((n) => n.at >= since && n.alert === scenario.expect.alert)
          .map((n) => n.channel);
        row.outcome = 'blind';
        row.note =
          `${i > 0 ? 'the second time: ' : ''}no ${row.alert} by ${row.channel} within ${bound.seconds}s` +
          (elsewhere.length > 0 ? ` (it came by ${[...new Set(elsewhere)].join(', ')})` : '');
        break;
      }
      row.seconds.push((notice.at - since) / 1000);
    }
  } finally {
    await scenario.restore(world);
  }
  const problem = await settle(world, scenario);
  if (problem) row.note = [row.note, `did not settle: ${problem}`].filter(Boolean).join('; ');
  return row;
}

export async function runMatrix(world: ChaosWorld, scenarios: Scenario[]): Promise<Row[]> {
  const problem = await settle(world);
  if (problem) world.log(`the stack is not healthy before the first row: ${problem}`);
  const rows: Row[] = [];
  for (const scenario of scenarios) {
    const row = await runScenario(world, scenario);
    world.log(
      `${row.failure}: ${row.outcome}${row.seconds.length ? ` after ${row.seconds.join(' + ')}s` : ''}`,
    );
    rows.push(row);
  }
  return rows;
}
