import { renderBadge } from '../../../status/render/badge';

test('the badge names the monitor and its state, escaped, with an accessible name', () => {
  const svg = renderBadge('A&B <site>', 'down');
  expect(svg).toContain('aria-label="A&amp;B &lt;site&gt;: down"');
  expect(svg).toContain('>A&amp;B &lt;site&gt;</text>');
  expect(svg).toContain('>down</text>');
  expect(svg).toContain('fill="#cf222e"');
  expect(renderBadge('Website', 'unknown')).toContain('>no data</text>');
});

test('a longer label makes a wider badge', () => {
  const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)?.[1]);
  expect(width(renderBadge('MinIO Console', 'up'))).toBeGreaterThan(width(renderBadge('API', 'up')));
});
