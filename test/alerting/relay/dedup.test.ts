import { createDeduplicator, NO_REPEAT_MS, parseCooldown } from '../../../alerting/relay/dedup';

const MIN = 60_000;

describe('parseCooldown', () => {
  it.each([
    ['5m', 5 * MIN],
    ['10m', 10 * MIN],
    ['15m', 15 * MIN],
    ['1h', 60 * MIN],
    ['1d', 1440 * MIN],
    ['90s', 90_000],
    ['none', NO_REPEAT_MS],
    ['None', NO_REPEAT_MS],
  ])('reads %s', (label, ms) => {
    expect(parseCooldown(label)).toBe(ms);
  });

  it.each([undefined, '', '5', 'm5', '1w', '5 m', '1h30m', '-5m'])('does not read %j', (label) => {
    expect(parseCooldown(label)).toBeUndefined();
  });
});

describe('deduplicator', () => {
  it('treats the same status of the same alert as a duplicate until 90 % of its cooldown', () => {
    const dedup = createDeduplicator({ maxEntries: 10 });
    expect(dedup.isDuplicate('fp', 'firing', 0)).toBe(false);
    dedup.record('fp', 'firing', 10 * MIN, 0);
    expect(dedup.isDuplicate('fp', 'firing', 9 * MIN - 1)).toBe(true);
    expect(dedup.isDuplicate('fp', 'firing', 9 * MIN)).toBe(false);
    expect(dedup.isDuplicate('other', 'firing', 1)).toBe(false);
  });

  it('lets a status change through at once: resolved, then firing again', () => {
    const dedup = createDeduplicator({ maxEntries: 10 });
    dedup.record('fp', 'firing', 60 * MIN, 0);
    expect(dedup.isDuplicate('fp', 'resolved', 1)).toBe(false);
    dedup.record('fp', 'resolved', 60 * MIN, 1);
    expect(dedup.isDuplicate('fp', 'resolved', 2)).toBe(true);
    expect(dedup.isDuplicate('fp', 'firing', 2)).toBe(false);
  });

  it('keeps a bounded number of entries, forgetting the oldest', () => {
    const dedup = createDeduplicator({ maxEntries: 2 });
    for (const fp of ['a', 'b', 'c']) dedup.record(fp, 'firing', MIN, 0);
    expect(['a', 'b', 'c'].map((fp) => dedup.isDuplicate(fp, 'firing', 1))).toEqual([false, true, true]);
    expect(dedup.entries(1).map((e) => e.fingerprint)).toEqual(['b', 'c']);
  });

  it('undoes a record, and starts from saved entries', () => {
    const dedup = createDeduplicator({
      maxEntries: 5,
      seen: [{ fingerprint: 'a', status: 'firing', until: 100 }],
    });
    expect(dedup.isDuplicate('a', 'firing', 50)).toBe(true);
    const { entry, previous } = dedup.record('a', 'resolved', MIN, 60);
    expect(entry).toEqual({ fingerprint: 'a', status: 'resolved', until: 60 + 54_000 });
    dedup.restore('a', previous);
    expect(dedup.isDuplicate('a', 'firing', 70)).toBe(true);
    const fresh = dedup.record('b', 'firing', MIN, 0);
    dedup.restore('b', fresh.previous);
    expect(dedup.isDuplicate('b', 'firing', 1)).toBe(false);
    expect(dedup.entries(100)).toEqual([]);
  });
});
