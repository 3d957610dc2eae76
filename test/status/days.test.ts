import { lastDays, localDate, startOfDay } from '../../status/days';

// 6 Dec 2026 02:00 in Jakarta is 5 Dec 19:00 UTC.
const at = Date.UTC(2026, 11, 5, 19, 0, 0) / 1000;

test('a day starts at local midnight: 17:00 UTC the day before in Asia/Jakarta', () => {
  expect(new Date(startOfDay(at, 'Asia/Jakarta') * 1000).toISOString()).toBe('2026-12-05T17:00:00.000Z');
  expect(new Date(startOfDay(at, 'UTC') * 1000).toISOString()).toBe('2026-12-05T00:00:00.000Z');
  expect(localDate(at, 'Asia/Jakarta')).toBe('2026-12-06');
  expect(localDate(at, 'UTC')).toBe('2026-12-05');
});

test('the last n days end with today', () => {
  const days = lastDays(at, 90, 'Asia/Jakarta');
  expect(days).toHaveLength(90);
  expect(localDate(days.at(-1) as number, 'Asia/Jakarta')).toBe('2026-12-06');
  expect(localDate(days[0] as number, 'Asia/Jakarta')).toBe('2026-09-08');
});
