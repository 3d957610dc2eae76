import { renderSparkline, sparklineText } from '../../../status/render/sparkline';
import { NOW } from '../support/snapshot';

const points = [
  { at: NOW - 1800, seconds: 0.1 },
  { at: NOW - 900, seconds: 0.4 },
  { at: NOW, seconds: 0.2 },
];

test('the sparkline is inline SVG with its figures as the accessible name', () => {
  const svg = renderSparkline(points);
  expect(svg).toMatch(
    /^<svg [^>]*role="img" aria-label="Response time, last 24 hours: lowest 100 ms, highest 400 ms, latest 200 ms">/,
  );
  expect(svg).toContain(
    '<title>Response time, last 24 hours: lowest 100 ms, highest 400 ms, latest 200 ms</title>',
  );
  // The slowest point is drawn highest (smallest y), the span fills the width.
  const coords =
    /points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => p.split(',').map(Number)) ?? [];
  expect(coords).toHaveLength(3);
  expect(coords[1]?.[1]).toBeLessThan(coords[2]?.[1] as number);
  expect(coords[0]?.[0]).toBeLessThan(coords[2]?.[0] as number);
});

test('one point is a dot; none says so', () => {
  expect(renderSparkline(points.slice(0, 1))).toContain('<circle');
  expect(sparklineText([])).toBe('Response time, last 24 hours: no data');
  expect(renderSparkline([])).not.toContain('<polyline');
});
