/**
 * One row of the chaos matrix: a failure, how to cause it and undo it, and what must tell a human.
 * One file per scenario in scenarios/, like one prober per file in blackbox_exporter.
 */
import type { Channel } from './notifications';
import type { ChaosWorld } from './world';

export interface Expectation {
  /** The alert that must be notified (for relay-watchdog: the relay's own message, no alert). */
  alert: string;
  channel: Channel;
  /** A text the notification must contain, when the alert alone is ambiguous (e.g. TargetDown's job). */
  mentions?: string;
}

export interface Scenario {
  /** The failure, as the table names it. */
  name: string;
  expect: Expectation;
  /** The rule (alert name) whose `for` and route bound the row; default expect.alert. */
  rule?: string;
  /** Causes the failure (the clock starts as it is called); resolves once the failure is in effect. */
  break(world: ChaosWorld): Promise<void>;
  /**
   * When given, the same failure happens again after the first notice (a second failed deploy), and
   * it must be notified again: the row has two times.
   */
  again?(world: ChaosWorld): Promise<void>;
  /** Undoes the failure; the runner then waits for the stack to be healthy again. */
  restore(world: ChaosWorld): Promise<void>;
}
