import {
  formatCounts,
  formatDate,
  formatDuration,
  formatLabels,
  formatTime,
  plural,
} from '../../../alerting/summary/format';

describe('format', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [60, '1m'],
    [615, '10m 15s'],
    [3600, '1h'],
    [3660, '1h 1m'],
    [3689, '1h 1m'],
    [86400, '24h'],
  ])('formatDuration(%d) = %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('writes dates and times in the given zone', () => {
    const utc0100 = Date.UTC(2026, 1, 18, 1, 0) / 1000;
    expect(formatTime(utc0100, 'Asia/Jakarta')).toBe('2026-02-18 08:00');
    expect(formatTime(utc0100, 'UTC')).toBe('2026-02-18 01:00');
    expect(formatDate(Date.UTC(2026, 1, 17, 20, 0) / 1000, 'Asia/Jakarta')).toBe('2026-02-18');
    expect(formatTime(Date.UTC(2026, 1, 17, 17, 0) / 1000, 'Asia/Jakarta')).toBe('2026-02-18 00:00');
  });

  it('writes labels as PromQL does, and counts', () => {
    expect(formatLabels({ instance: 'db:5432', job: 'a"b' })).toBe('{instance="db:5432", job="a\\"b"}');
    expect(formatLabels({})).toBe('');
    expect(formatCounts({ critical: 3, error: 1, warning: 2 })).toBe('3 critical, 1 error, 2 warning');
    expect([plural(1, 'time'), plural(2, 'time')]).toEqual(['1 time', '2 times']);
  });
});
