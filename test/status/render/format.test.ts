import { formatDuration, formatShare, formatTime } from '../../../status/render/format';
import { NOW } from '../support/snapshot';

test('times are written in the given zone', () => {
  expect(formatTime(NOW, 'Asia/Jakarta')).toBe('6 Dec 2026, 19:00');
  expect(formatTime(NOW, 'UTC')).toBe('6 Dec 2026, 12:00');
});

test('durations keep their two largest units', () => {
  expect(formatDuration(45)).toBe('45 s');
  expect(formatDuration(12 * 60)).toBe('12 min');
  expect(formatDuration(3600 + 5 * 60 + 7)).toBe('1 h 5 min');
  expect(formatDuration(3 * 86_400 + 2 * 3600 + 60)).toBe('3 d 2 h');
  expect(formatDuration(86_400 + 60)).toBe('1 d');
});

test('shares are floored to a hundredth of a percent', () => {
  expect(formatShare(0.99999)).toBe('99.99 %');
  expect(formatShare(1)).toBe('100.00 %');
});
