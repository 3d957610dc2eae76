/**
 * A parser for the subset of Grafana Alloy's configuration syntax that alloy/config.alloy uses (no Alloy
 * binary here): blocks `name.part "label" { ... }`, attributes `key = value`, strings, numbers, booleans,
 * null, arrays, objects, references (`a.b.c`) and function calls (`sys.env("X")`), line and block
 * comments. Anything else is a syntax error with its line, so a typo in the file fails the tests.
 */

export type AlloyValue =
  | string
  | number
  | boolean
  | null
  | AlloyValue[]
  | { object: Record<string, AlloyValue> }
  | { ref: string }
  | { call: string; args: AlloyValue[] };

export interface AlloyBlock {
  name: string;
  label?: string;
  line: number;
  attributes: Record<string, AlloyValue>;
  blocks: AlloyBlock[];
}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct'; text: string; value?: string; line: number };

const PUNCT = new Set(['{', '}', '[', ']', '(', ')', '=', ',', '.']);
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  for (let i = 0; i < source.length; ) {
    const c = source[i] as string;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (source.startsWith('//', i))
      i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) throw new SyntaxError(`line ${line}: unterminated comment`);
      line += source.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let value = '';
      let j = i + 1;
      for (; source[j] !== '"'; j++) {
        if (j >= source.length || source[j] === '\n')
          throw new SyntaxError(`line ${line}: unterminated string`);
        if (source[j] === '\\') {
          const escaped = ESCAPES[source[j + 1] ?? ''];
          if (escaped === undefined) throw new SyntaxError(`line ${line}: unknown escape \\${source[j + 1]}`);
          value += escaped;
          j++;
        } else value += source[j];
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value, line });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0], line });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'ident', text: match[0], line });
      i += match[0].length;
    } else if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else throw new SyntaxError(`line ${line}: unexpected character ${JSON.stringify(c)}`);
  }
  return tokens;
}

export function parseAlloy(source: string): AlloyBlock[] {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = (offset = 0) => tokens[pos + offset];
  const fail = (what: string): never => {
    const token = peek();
    throw new SyntaxError(
      `line ${token?.line ?? 'end'}: expected ${what}, found ${token?.text ?? 'end of file'}`,
    );
  };
  const expect = (text: string) => (peek()?.text === text ? tokens[pos++] : fail(JSON.stringify(text)));
  const ident = () => (peek()?.kind === 'ident' ? (tokens[pos++] as Token).text : fail('a name'));
  const dotted = () => {
    const parts = [ident()];
    while (peek()?.text === '.') {
      pos++;
      parts.push(ident());
    }
    return parts.join('.');
  };

  function body(closing: string | undefined): Omit<AlloyBlock, 'name' | 'line'> {
    const result: Omit<AlloyBlock, 'name' | 'line'> = { attributes: {}, blocks: [] };
    while (peek() && peek()?.text !== closing) {
      const line = peek()?.line ?? 0;
      const name = dotted();
      if (peek()?.text === '=') {
        if (name.includes('.')) fail('an attribute name without dots');
        if (name in result.attributes) throw new SyntaxError(`line ${line}: attribute ${name} set twice`);
        pos++;
        result.attributes[name] = value();
      } else {
        const label = peek()?.kind === 'string' ? (tokens[pos++] as Token).value : undefined;
        expect('{');
        result.blocks.push({ name, label, line, ...body('}') });
        expect('}');
      }
    }
    if (closing === undefined && peek()) fail('end of file');
    return result;
  }

  function list<T>(close: string, item: () => T): T[] {
    const items: T[] = [];
    while (peek()?.text !== close) {
      items.push(item());
      if (peek()?.text === ',') pos++;
      else break;
    }
    expect(close);
    return items;
  }

  function value(): AlloyValue {
    const token = peek() ?? fail('a value');
    if (token.kind === 'string') return (tokens[pos++] as Token).value as string;
    if (token.kind === 'number') return Number((tokens[pos++] as Token).text);
    if (token.text === '[') {
      pos++;
      return list(']', value);
    }
    if (token.text === '{') {
      pos++;
      const entries = list('}', () => {
        const key = peek()?.kind === 'string' ? ((tokens[pos++] as Token).value as string) : ident();
        expect('=');
        return [key, value()] as const;
      });
      return { object: Object.fromEntries(entries) };
    }
    if (token.kind === 'ident') {
      if (['true', 'false', 'null'].includes(token.text) && peek(1)?.text !== '.') {
        pos++;
        return token.text === 'null' ? null : token.text === 'true';
      }
      const name = dotted();
      if (peek()?.text === '(') {
        pos++;
        return { call: name, args: list(')', value) };
      }
      return { ref: name };
    }
    return fail('a value');
  }

  return body(undefined).blocks;
}

/** Every reference (`a.b.c`) anywhere in a value. */
export function references(value: AlloyValue): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value && typeof value === 'object') {
    if ('ref' in value) return [value.ref];
    if ('call' in value) return value.args.flatMap(references);
    return Object.values(value.object).flatMap(references);
  }
  return [];
}
