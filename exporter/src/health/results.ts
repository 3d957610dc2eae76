/**
 * The latest result of each dependency check, whoever asked for it: a `/health/<check>` or
 * `/health/ready` request, or the background refresh of the dependency metrics. /metrics and
 * /metrics/summary read it without probing anything, so they cannot contradict the last /health
 * answer nor wait on a dependency. Listeners (state-log.ts) hear of every result as it lands.
 */
import type { CheckResult, HealthCheck } from './check';
import type { RunOptions } from './runner';

export interface CheckRecord {
  result: CheckResult;
  /** When the probe finished, in ms since the epoch. */
  checkedAt: number;
}

/** Told of each new result, with the one it replaces and the raw error of a failure. */
export type ResultListener = (
  name: string,
  record: CheckRecord,
  previous: CheckRecord | undefined,
  error: unknown,
) => void;

export interface CheckResults {
  /** Pass as the runner's onResult: every probe's result lands here. */
  readonly onResult: NonNullable<RunOptions['onResult']>;
  /** The latest record of each check that has run, by check name. */
  all(): Record<string, CheckRecord>;
}

export function createCheckResults(
  options: { listeners?: readonly ResultListener[]; now?: () => number } = {},
): CheckResults {
  const now = options.now ?? Date.now;
  const records = new Map<string, CheckRecord>();
  return {
    onResult(check: HealthCheck, result: CheckResult, error: unknown) {
      const record = { result, checkedAt: now() };
      const previous = records.get(check.name);
      records.set(check.name, record);
      for (const listener of options.listeners ?? []) listener(check.name, record, previous, error);
    },
    all: () => Object.fromEntries(records),
  };
}
