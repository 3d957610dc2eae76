import { gauge, query } from '../../../exporter/src/business/query';
import { ResultStore, sampleValue } from '../../../exporter/src/business/store';

const q = query('q', 'SELECT ...', [gauge('clicky_a', 'a', 'A.', ['kind'])], {
  intervalMs: 60_000,
  timeoutMs: 5_000,
});
const result = new Map([
  [
    'clicky_a',
    [
      { labels: { kind: 'x' }, value: 1 },
      { labels: { kind: 'y' }, value: 2 },
    ],
  ],
]);

describe('ResultStore', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('serves nothing before the first success', () => {
    const store = new ResultStore([q], 3, clock);
    expect(store.samples('clicky_a')).toEqual([]);
    expect(store.snapshot()).toEqual({
      takenAt: now,
      metrics: {},
      queries: {
        q: {
          metrics: ['clicky_a'],
          fresh: false,
          lastSuccessAt: null,
          lastDurationSeconds: null,
          consecutiveFailures: 0,
          errors: 0,
        },
      },
    });
  });

  it('expires after N failures in a row, not before, and a success resets the count', () => {
    const store = new ResultStore([q], 3, clock);
    store.recordSuccess('q', result, 0.1);
    store.recordFailure('q', 0.2);
    store.recordFailure('q', 0.2);
    expect(store.samples('clicky_a')).toHaveLength(2);
    store.recordFailure('q', 0.2);
    expect(store.samples('clicky_a')).toEqual([]);
    expect(store.snapshot().queries.q).toMatchObject({ fresh: false, consecutiveFailures: 3, errors: 3 });
    store.recordSuccess('q', result, 0.1);
    expect(store.snapshot().queries.q).toMatchObject({ fresh: true, consecutiveFailures: 0, errors: 3 });
  });

  it('expires a result nobody refreshed for (N + 1) intervals plus the timeout', () => {
    const store = new ResultStore([q], 3, clock);
    store.recordSuccess('q', result, 0.1);
    now += 4 * 60_000 + 5_000;
    expect(store.samples('clicky_a')).toHaveLength(2);
    now += 1;
    expect(store.samples('clicky_a')).toEqual([]);
  });

  it('answers sampleValue by labels, a subset of them, or not at all', () => {
    const store = new ResultStore([q], 3, clock);
    store.recordSuccess('q', result, 0.1);
    const snapshot = store.snapshot();
    expect(snapshot.metrics.clicky_a).toEqual({
      query: 'q',
      updatedAt: now,
      samples: result.get('clicky_a'),
    });
    expect(sampleValue(snapshot, 'clicky_a', { kind: 'y' })).toBe(2);
    expect(sampleValue(snapshot, 'clicky_a')).toBe(1);
    expect(sampleValue(snapshot, 'clicky_a', { kind: 'z' })).toBeUndefined();
    expect(sampleValue(snapshot, 'clicky_nope')).toBeUndefined();
  });
});
