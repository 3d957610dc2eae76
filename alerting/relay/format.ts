/**
 * The one place that knows Telegram's HTML: escaping, the length Telegram counts, and splitting a
 * message that is too long into parts that are each valid HTML on their own.
 *
 * Telegram's rules (Bot API, "HTML style" and sendMessage): `<`, `>` and `&` that are not markup
 * must be written `&lt;` `&gt;` `&amp;` (and `"` as `&quot;` inside attribute values); the text
 * may hold 1-4096 characters *after entities parsing*, i.e. tags removed and entities decoded.
 * Characters are counted here in UTF-16 code units (an emoji outside the BMP counts 2), which is
 * what Telegram's entity offsets use and never less than a count in code points.
 */

/** Telegram's sendMessage limit on the parsed text. */
export const TELEGRAM_MAX_LENGTH = 4096;

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Lone UTF-16 surrogates are not Unicode: Telegram refuses text that is not valid UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** Text content: any string renders as itself. */
export function escapeHtml(text: string): string {
  return wellFormed(text).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** A double-quoted attribute value (href). */
export function escapeAttribute(text: string): string {
  return wellFormed(text).replace(/[&<>"]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/**
 * Tokens of HTML this module produced: a tag, an entity, a surrogate pair, or one UTF-16 unit.
 * Only trusted HTML (built with the escapes above) is tokenized; it is never a parser for input.
 */
const TOKEN = /<(\/?)([a-z-]+)[^>]*>|&(?:#x[0-9a-f]+|#\d+|[a-z]+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/gi;

interface Token {
  raw: string;
  /** UTF-16 units it shows as (0 for tags). */
  width: number;
  tag?: { name: string; closing: boolean };
}

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const match of html.matchAll(TOKEN)) {
    const [raw, slash, name] = match;
    if (name !== undefined)
      tokens.push({ raw, width: 0, tag: { name: name.toLowerCase(), closing: !!slash } });
    else tokens.push({ raw, width: raw.startsWith('&') ? decodeEntity(raw).length : raw.length });
  }
  return tokens;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeEntity(entity: string): string {
  const body = entity.slice(1, -1).toLowerCase();
  if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED[body] ?? entity;
}

/** The length Telegram checks against TELEGRAM_MAX_LENGTH. */
export function visibleLength(html: string): number {
  return tokenize(html).reduce((sum, token) => sum + token.width, 0);
}

/** What the HTML shows, as plain text: the fallback when Telegram refuses the markup. */
export function toPlainText(html: string): string {
  return tokenize(html)
    .map((token) => (token.tag ? '' : token.raw.startsWith('&') ? decodeEntity(token.raw) : token.raw))
    .join('');
}

interface Break {
  /** Tokens before the break (the newline or space itself is dropped). */
  at: number;
  width: number;
  open: Token[];
}

/**
 * Splits `html` into parts of at most `max` visible units, preferring line ends, then spaces, and
 * cutting a word only when a line has neither. Tags open at a cut are closed at the end of the part
 * and reopened (with their attributes) at the start of the next, so every part parses on its own.
 */
export function splitHtml(html: string, max = TELEGRAM_MAX_LENGTH): string[] {
  const tokens = tokenize(html);
  const parts: string[] = [];
  let start = 0;
  let reopen: Token[] = [];
  while (start < tokens.length) {
    const open = [...reopen];
    let width = 0;
    let line: Break | undefined;
    let space: Break | undefined;
    let end = start;
    for (; end < tokens.length; end++) {
      const token = tokens[end] as Token;
      if (token.tag) {
        if (token.tag.closing) open.pop();
        else open.push(token);
        continue;
      }
      // At least one character per part, even if max were smaller than a surrogate pair.
      if (width > 0 && width + token.width > max) break;
      if (width > 0 && token.raw === '\n') line = { at: end, width, open: [...open] };
      else if (width > 0 && token.raw === ' ') space = { at: end, width, open: [...open] };
      width += token.width;
    }
    const cut = end >= tokens.length ? undefined : (line ?? space);
    const stop = cut?.at ?? end;
    const stillOpen = cut?.open ?? open;
    const body = tokens.slice(start, stop).map((t) => t.raw);
    const text = reopen.map((t) => t.raw).join('') + body.join('') + closing(stillOpen);
    // Telegram trims the text and refuses an empty one: a part of blank lines is not sent.
    if (toPlainText(text).trim() !== '') parts.push(text);
    start = cut ? cut.at + 1 : stop;
    reopen = stillOpen;
  }
  return parts;
}

function closing(open: readonly Token[]): string {
  return [...open]
    .reverse()
    .map((t) => `</${t.tag?.name}>`)
    .join('');
}
