import { barLevel, overallShare, renderBars } from '../../../status/render/bars';
import { days } from '../support/snapshot';

test('a day is coloured by its share of successful probes', () => {
  expect([1, 0.995, 0.95, 0.5, 0, null].map(barLevel)).toEqual([
    'full',
    'high',
    'partial',
    'low',
    'low',
    'none',
  ]);
});

test('each bar carries its day and share as a tooltip and as text for screen readers', () => {
  const html = renderBars(days([1, 0.99876, null]), 'API Health: daily uptime');
  expect(html).toContain('<ol class="bars" aria-label="API Health: daily uptime">');
  expect(html.match(/<li /g)).toHaveLength(3);
  expect(html).toContain(
    '<li class="bar full" title="1 Dec 2026: 100.00 % of probes successful"><span class="sr-only">1 Dec 2026: 100.00 % of probes successful</span></li>',
  );
  // 99.876 % is written 99.87 %: a failure is never rounded up.
  expect(html).toContain('title="2 Dec 2026: 99.87 % of probes successful"');
  expect(html).toContain('<li class="bar none" title="3 Dec 2026: no data">');
});

test('the 90-day share weighs each day with data alike, and is null without any', () => {
  expect(overallShare(days([1, 0.5, null]))).toBe(0.75);
  expect(overallShare(days([null, null]))).toBeNull();
});
