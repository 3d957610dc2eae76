import { createWatchdogState } from '../../../../alerting/relay/watchdog/state';

const MIN = 60_000;
const T0 = Date.parse('2026-02-18T10:00:00Z');

describe('the watchdog state', () => {
  it('gives a fresh relay one timeout from start-up before calling the pipeline silent', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    expect(state.silent(T0 + 10 * MIN - 1)).toBe(false);
    expect(state.due(T0 + 10 * MIN - 1)).toBeUndefined();
    expect(state.silent(T0 + 10 * MIN)).toBe(true);
    expect(state.due(T0 + 10 * MIN)).toEqual({ kind: 'silent', sinceMs: T0, atMs: T0 + 10 * MIN });
  });

  it('stays quiet while Watchdogs keep coming, and reports their age', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    for (let t = T0 + MIN; t <= T0 + 60 * MIN; t += MIN) {
      state.seen(t);
      expect(state.due(t + 9 * MIN)).toBeUndefined();
    }
    expect(state.ageMs(T0 + 60 * MIN + 42_000)).toBe(42_000);
    expect(state.snapshot()).toEqual({ lastSeenMs: T0 + 60 * MIN, silenceNotified: false });
  });

  it('notifies a silence once, then its end once', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    state.seen(T0 + MIN);
    const silent = state.due(T0 + 11 * MIN);
    expect(silent).toEqual({ kind: 'silent', sinceMs: T0 + MIN, atMs: T0 + 11 * MIN });
    state.given(silent as NonNullable<typeof silent>);
    expect(state.due(T0 + 12 * MIN)).toBeUndefined();
    expect(state.due(T0 + 120 * MIN)).toBeUndefined();
    expect(state.silent(T0 + 120 * MIN)).toBe(true);

    state.seen(T0 + 121 * MIN);
    expect(state.silent(T0 + 121 * MIN)).toBe(false);
    const back = state.due(T0 + 121 * MIN);
    expect(back).toEqual({ kind: 'recovered', sinceMs: T0 + MIN, atMs: T0 + 121 * MIN });
    state.given(back as NonNullable<typeof back>);
    expect(state.due(T0 + 122 * MIN)).toBeUndefined();
    // The next silence is news again.
    expect(state.due(T0 + 131 * MIN)).toEqual({
      kind: 'silent',
      sinceMs: T0 + 121 * MIN,
      atMs: T0 + 131 * MIN,
    });
  });

  it('owes a notice the queue refused until it is taken', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    expect(state.due(T0 + 10 * MIN)?.kind).toBe('silent');
    // Not given (queue full): still due at the next check.
    expect(state.due(T0 + 11 * MIN)).toEqual({ kind: 'silent', sinceMs: T0, atMs: T0 + 11 * MIN });
  });

  it('says nothing when a Watchdog ends a silence that was never notified', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    expect(state.due(T0 + 10 * MIN)?.kind).toBe('silent');
    state.seen(T0 + 11 * MIN);
    expect(state.due(T0 + 11 * MIN)).toBeUndefined();
  });

  it('owes the end of a silence whose Watchdog came while its notice was being queued', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    const silent = state.due(T0 + 10 * MIN) as NonNullable<ReturnType<typeof state.due>>;
    state.seen(T0 + 10 * MIN + 500);
    state.given(silent);
    expect(state.due(T0 + 10 * MIN + 600)).toEqual({
      kind: 'recovered',
      sinceMs: T0,
      atMs: T0 + 10 * MIN + 500,
    });
  });

  it('after a restart keeps the last Watchdog, but waits one timeout before paging', () => {
    const startedAt = T0 + 60 * MIN;
    const saved = { lastSeenMs: T0, silenceNotified: false };
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt, saved });
    expect(state.ageMs(startedAt)).toBe(60 * MIN);
    expect(state.due(startedAt + 9 * MIN)).toBeUndefined();
    expect(state.silent(startedAt + 9 * MIN)).toBe(false);
    expect(state.due(startedAt + 10 * MIN)).toEqual({
      kind: 'silent',
      sinceMs: T0,
      atMs: startedAt + 10 * MIN,
    });
  });

  it('after a restart does not notify a silence twice, and still says when it ends', () => {
    const startedAt = T0 + 60 * MIN;
    const saved = { lastSeenMs: T0, silenceNotified: true };
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt, saved });
    expect(state.silent(startedAt)).toBe(true);
    expect(state.due(startedAt + 30 * MIN)).toBeUndefined();
    state.seen(startedAt + 31 * MIN);
    expect(state.due(startedAt + 31 * MIN)).toEqual({
      kind: 'recovered',
      sinceMs: T0,
      atMs: startedAt + 31 * MIN,
    });
  });

  it('never goes back in time on a late Watchdog, nor reports a negative age', () => {
    const state = createWatchdogState({ timeoutMs: 10 * MIN, startedAt: T0 });
    state.seen(T0 + 5 * MIN);
    state.seen(T0 + 2 * MIN);
    expect(state.snapshot().lastSeenMs).toBe(T0 + 5 * MIN);
    expect(state.ageMs(T0)).toBe(0);
  });
});
