import fc from 'fast-check';
import {
  escapeAttribute,
  escapeHtml,
  splitHtml,
  TELEGRAM_MAX_LENGTH,
  toPlainText,
  visibleLength,
  wellFormed,
} from '../../../alerting/relay/format';
import { parseTelegramHtml } from '../../support/fake-telegram';
import { nastyText } from './nasty-text';

function parsed(html: string): { text: string; entities: { url?: string }[] } {
  const result = parseTelegramHtml(html);
  if ('error' in result) throw new Error(`${result.error} in ${JSON.stringify(html)}`);
  return result;
}

describe('escaping', () => {
  it('escapes &, < and > in text, and " too in attributes', () => {
    expect(escapeHtml(`a < b && c > "d" 'e'`)).toBe(`a &lt; b &amp;&amp; c &gt; "d" 'e'`);
    expect(escapeAttribute('https://x/?a=1&b="<2>"')).toBe('https://x/?a=1&amp;b=&quot;&lt;2&gt;&quot;');
  });

  it('any text renders through Telegram HTML as itself (lone surrogates become U+FFFD)', () => {
    fc.assert(
      fc.property(nastyText(), (text) => {
        expect(parsed(`[<b>${escapeHtml(text)}</b>]`).text).toBe(`[${wellFormed(text)}]`);
        const link = parsed(`[<a href="${escapeAttribute(text)}">x</a>]`);
        expect(link.entities[0]?.url ?? '').toBe(wellFormed(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('length after entity parsing', () => {
  it('counts what Telegram shows, in UTF-16 units', () => {
    expect(visibleLength('<b>a&amp;b</b> 😀 <a href="https://x">l</a>')).toBe(8);
    expect(toPlainText('<b>a&amp;b</b> &lt;😀&#33;')).toBe('a&b <😀!');
  });

  it('agrees with the fake parser on escaped random text', () => {
    fc.assert(
      fc.property(nastyText(), (text) => {
        const html = `<i>${escapeHtml(text)}</i>`;
        expect(visibleLength(html)).toBe(parsed(html).text.length);
      }),
    );
  });
});

describe('splitting', () => {
  it('leaves a message that fits alone', () => {
    expect(splitHtml('<b>short</b>\nmessage')).toEqual(['<b>short</b>\nmessage']);
  });

  it('splits on line ends, closing and reopening the tags open at the cut', () => {
    const html = `<b>${'a'.repeat(6)}\n${'b'.repeat(6)}</b>\n<a href="https://x/?a&amp;b">${'c'.repeat(5)}\n${'d'.repeat(5)}</a>`;
    expect(splitHtml(html, 10)).toEqual([
      '<b>aaaaaa</b>',
      '<b>bbbbbb</b>',
      '<a href="https://x/?a&amp;b">ccccc</a>',
      '<a href="https://x/?a&amp;b">ddddd</a>',
    ]);
  });

  it('falls back to spaces, then to a hard cut that never splits an entity or an emoji', () => {
    expect(splitHtml('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(splitHtml('&amp;&amp;&amp;😀😀', 4)).toEqual(['&amp;&amp;&amp;', '😀😀']);
    expect(splitHtml('ab😀', 3)).toEqual(['ab', '😀']);
  });

  it('gives parts Telegram accepts, which together hold the whole text', () => {
    const line = fc.tuple(fc.constantFrom('', 'b', 'i', 'code'), nastyText(400));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.integer({ min: 20, max: 4096 }), (lines, max) => {
        const html = lines.map(([tag, text]) =>
          tag ? `<${tag}>${escapeHtml(text)}</${tag}>` : escapeHtml(text),
        );
        const whole = html.join('\n');
        const parts = splitHtml(whole, max);
        for (const part of parts) expect(parsed(part).text.length).toBeLessThanOrEqual(max);
        // Whitespace aside: Telegram trims a message, so a part of blanks alone is not sent.
        const kept = parts.map((p) => toPlainText(p).replace(/\s/g, '')).join('');
        expect(kept).toBe(toPlainText(whole).replace(/\s/g, ''));
      }),
      { numRuns: 200 },
    );
  });

  it('uses Telegram’s limit by default', () => {
    const parts = splitHtml(`${'x'.repeat(4000)}\n${'y'.repeat(200)}`);
    expect(parts.map((p) => p.length)).toEqual([4000, 200]);
    expect(TELEGRAM_MAX_LENGTH).toBe(4096);
  });
});
