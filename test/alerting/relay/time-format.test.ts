import { formatDuration, formatTime } from '../../../alerting/relay/time-format';

describe('times', () => {
  it('names the zone: WIB, WITA, UTC, or an offset', () => {
    const t = Date.parse('2026-02-18T10:30:00Z');
    expect(formatTime(t, 'Asia/Jakarta')).toBe('2026-02-18 17:30:00 WIB');
    expect(formatTime(t, 'Asia/Makassar')).toBe('2026-02-18 18:30:00 WITA');
    expect(formatTime(t, 'UTC')).toBe('2026-02-18 10:30:00 UTC');
    expect(formatTime(t, 'Asia/Kolkata')).toMatch(/^2026-02-18 16:00:00 (GMT\+5:30|IST)$/);
  });

  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [730_000, '12m 10s'],
    [3_600_000, '1h'],
    [3_660_000, '1h 1m'],
    [2 * 86_400_000 + 4 * 3_600_000 + 5000, '2d 4h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
