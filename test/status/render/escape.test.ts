import { escapeXml } from '../../../status/render/escape';

test('the five XML specials are escaped, the rest kept', () => {
  expect(escapeXml(`<a href="x" title='y'>&amp;</a> é`)).toBe(
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt; é',
  );
  expect(escapeXml(42)).toBe('42');
});
