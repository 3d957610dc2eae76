/**
 * A parser of the Prometheus text exposition format (0.0.4), enough to check a contract: families with
 * their TYPE and HELP, and every sample with its labels and line number. OpenMetrics text parses too
 * (`# UNIT` and `# EOF` are accepted, a counter family named without `_total` finds its samples).
 *
 * Written here because the one npm parser of this format, parse-prometheus-text-format, merges the
 * series of a labelled histogram into one and loses their labels (its open issue #13 and PR #8), and
 * labels are what the contract checks; prom-client writes this format but does not read it.
 */

export type FamilyType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'summary'
  | 'untyped'
  | 'gaugehistogram'
  | 'info'
  | 'stateset'
  | 'unknown';

export interface Sample {
  /** The sample's own name: `http_request_duration_seconds_bucket`. */
  name: string;
  labels: Record<string, string>;
  value: number;
  /** 1-based line of the input. */
  line: number;
}

export interface Family {
  name: string;
  type: FamilyType;
  help?: string;
  samples: Sample[];
}

export interface ParseError {
  line: number;
  reason: string;
}

export interface Exposition {
  families: Map<string, Family>;
  errors: ParseError[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<string>([
  'counter',
  'gauge',
  'histogram',
  'summary',
  'untyped',
  'gaugehistogram',
  'info',
  'stateset',
  'unknown',
]);
/** Sample-name suffixes of each family type, longest first. */
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_count', '_sum', '_created'],
  gaugehistogram: ['_bucket', '_gcount', '_gsum'],
  summary: ['_count', '_sum', '_created'],
  counter: ['_total', '_created'],
  info: ['_info'],
};

export function parseExposition(text: string): Exposition {
  const families = new Map<string, Family>();
  const errors: ParseError[] = [];
  const family = (name: string): Family => {
    let found = families.get(name);
    if (!found) {
      found = { name, type: 'untyped', samples: [] };
      families.set(name, found);
    }
    return found;
  };

  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const text = raw.replace(/\r$/, '').trim();
    if (text === '') return;
    if (text.startsWith('#')) {
      const meta = /^#\s+(HELP|TYPE|UNIT)\s+(\S+)(?:\s+(.*))?$/.exec(text);
      if (!meta) return; // a plain comment (or OpenMetrics' "# EOF")
      const [, keyword, name = '', rest = ''] = meta;
      if (!NAME.test(name) || NAME.exec(name)?.[0] !== name) {
        errors.push({ line, reason: `invalid metric name "${name}" in ${keyword}` });
      } else if (keyword === 'TYPE') {
        const type = rest.trim().toLowerCase();
        if (!TYPES.has(type)) errors.push({ line, reason: `unknown type "${rest.trim()}" for ${name}` });
        else family(name).type = type as FamilyType;
      } else if (keyword === 'HELP') {
        family(name).help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      return;
    }
    const sample = parseSample(text, line);
    if ('reason' in sample) errors.push(sample);
    else family(familyOf(sample.name, families)).samples.push(sample);
  });

  // Families that only collected samples of an unknown name and no TYPE stay untyped.
  return { families, errors };
}

/** The family a sample belongs to: its own name when declared, else its name less a type's suffix. */
function familyOf(sampleName: string, families: Map<string, Family>): string {
  const declared = families.get(sampleName);
  if (declared && declared.type !== 'untyped') return sampleName;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!sampleName.endsWith(suffix)) continue;
      const base = families.get(sampleName.slice(0, -suffix.length));
      if (base?.type === type) return base.name;
    }
  }
  return sampleName;
}

function parseSample(text: string, line: number): Sample | ParseError {
  const name = NAME.exec(text)?.[0];
  if (!name) return { line, reason: 'a sample line must start with a metric name' };
  let rest = text.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) return { line, reason: `invalid label name at "${rest.slice(0, 20)}"` };
      rest = rest.slice(label.length).trimStart();
      if (!rest.startsWith('="') && !rest.startsWith('= "'))
        return { line, reason: `label ${label}: expected ="value"` };
      rest = rest.slice(rest.indexOf('"') + 1);
      const value = readQuoted(rest);
      if (value === undefined) return { line, reason: `label ${label}: unterminated value` };
      if (label in labels) return { line, reason: `label ${label} appears twice` };
      labels[label] = value.value;
      rest = rest.slice(value.length).trimStart();
      if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
      else if (!rest.startsWith('}')) return { line, reason: `expected "," or "}" after label ${label}` };
    }
    rest = rest.slice(1);
  }
  const [valueText, timestamp, ...extra] = rest.trim().split(/\s+/);
  if (!valueText || extra.length > 0 || (rest.length > 0 && !/^\s/.test(rest)))
    return { line, reason: `expected "<name>[{labels}] <value> [timestamp]"` };
  const value = parseValue(valueText);
  if (value === undefined) return { line, reason: `invalid value "${valueText}"` };
  if (timestamp !== undefined && !/^-?\d+(?:\.\d+)?$/.test(timestamp))
    return { line, reason: `invalid timestamp "${timestamp}"` };
  return { name, labels, value, line };
}

/** The unescaped value up to the closing quote, and the characters it took including that quote. */
function readQuoted(text: string): { value: string; length: number } | undefined {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return { value, length: i + 1 };
    if (char === '\\') {
      const next = text[++i];
      value += next === 'n' ? '\n' : (next ?? '');
    } else value += char;
  }
  return undefined;
}

/** A sample value or an `le`/`quantile` bound: a float, NaN, or ±Inf. */
export function parseValue(text: string): number | undefined {
  if (/^[+]?inf$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}
