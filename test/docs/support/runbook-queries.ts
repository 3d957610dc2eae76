/**
 * The queries of the runbooks (docs/runbooks/*.md): fenced blocks marked `promql` or `logql`, one query
 * each, and inline code that is a selector (`metric{...}` or `{...}`), checked with Grafana's grammars.
 */
import type { LRParser } from '@lezer/lr';
import { syntaxErrors } from '../../dashboards/support/parsers';
import { STREAM_LABELS, STREAM_LEVELS, seriesLabels, TARGET_LABELS } from './series-labels';

const { parser: promqlParser } = require('@prometheus-io/lezer-promql') as { parser: LRParser };
const { parser: logqlParser } = require('@grafana/lezer-logql') as { parser: LRParser };

export type Language = 'promql' | 'logql';

export interface RunbookQuery {
  file: string;
  language: Language;
  text: string;
}

const FENCE = /^[ \t]*```(\w*)\n([\s\S]*?)^[ \t]*```/gm;
const INLINE = /`([^`\n]+)`/g;
const PROMQL_SELECTOR = /^[a-zA-Z_:][\w:]*\{[^}]*\}$/;
const LOGQL_SELECTOR = /^\{[^}]*\}/;

/** Every query of one page: fenced ones, then inline selectors outside the fences. */
export function queriesOf(file: string, markdown: string): RunbookQuery[] {
  const fenced: RunbookQuery[] = [];
  for (const [, lang, body] of markdown.matchAll(FENCE)) {
    if (lang === 'promql' || lang === 'logql')
      fenced.push({ file, language: lang, text: (body ?? '').trim() });
  }
  const inline: RunbookQuery[] = [];
  for (const [, code] of markdown.replace(FENCE, '').matchAll(INLINE)) {
    const text = code ?? '';
    if (PROMQL_SELECTOR.test(text)) inline.push({ file, language: 'promql', text });
    else if (LOGQL_SELECTOR.test(text)) inline.push({ file, language: 'logql', text });
  }
  return [...fenced, ...inline];
}

const textOf = (text: string, node: { from: number; to: number }) => text.slice(node.from, node.to);
const unquote = (s: string) => s.replace(/^["`]|["`]$/g, '');

/** Labels a PromQL query uses that its series do not carry, and metrics nobody documented. */
function promqlProblems(text: string): string[] {
  const problems: string[] = [];
  const usable = new Set<string>([...TARGET_LABELS, '__name__']);
  const grouping: string[] = [];
  promqlParser.parse(text).iterate({
    enter: ({ node }) => {
      if (node.name === 'VectorSelector') {
        const id = node.getChild('Identifier');
        const metric = id ? textOf(text, id) : undefined;
        const own = metric === undefined ? [] : seriesLabels[metric];
        if (own === undefined) {
          problems.push(`unknown metric ${metric}: add its labels to test/docs/support/series-labels.ts`);
          return;
        }
        for (const label of own) usable.add(label);
        const allowed = new Set<string>([...TARGET_LABELS, '__name__', ...own]);
        const matchers = node.getChild('LabelMatchers');
        matchers?.toTree().iterate({
          enter: (m) => {
            if (m.name !== 'LabelName') return;
            const label = text.slice(matchers.from + m.from, matchers.from + m.to);
            if (!allowed.has(label)) problems.push(`${metric ?? '{…}'} has no label ${label}`);
          },
        });
      }
      if (node.name === 'GroupingLabels') {
        for (const child of node.getChildren('LabelName')) grouping.push(textOf(text, child));
      }
    },
  });
  for (const label of grouping) {
    if (!usable.has(label)) problems.push(`groups by ${label}, which none of its series carries`);
  }
  return problems;
}

/** Stream selector labels beyond app, env, level, and levels Loki never stores. */
function logqlProblems(text: string): string[] {
  const problems: string[] = [];
  const selector = logqlParser.parse(text).topNode.toTree();
  let done = false;
  selector.iterate({
    enter: (n) => {
      if (done) return false;
      if (n.name !== 'Selector') return undefined;
      n.node.cursor().iterate((m) => {
        if (m.name !== 'Matcher') return undefined;
        const id = m.node.getChild('Identifier');
        const label = id ? textOf(text, id) : '';
        const value = m.node.getChild('String');
        if (!(STREAM_LABELS as readonly string[]).includes(label)) {
          problems.push(`stream label ${label} does not exist (Loki has ${STREAM_LABELS.join(', ')})`);
        } else if (label === 'level' && value) {
          const levels = unquote(textOf(text, value)).split('|');
          const unknown = levels.filter((l) => !(STREAM_LEVELS as readonly string[]).includes(l));
          if (unknown.length > 0) problems.push(`level ${unknown.join(', ')} is never stored (lower case)`);
        }
        return false;
      });
      done = true;
      return false;
    },
  });
  return problems;
}

/** Syntax errors and label problems of one query; empty when it is right. */
export function queryProblems(language: Language, text: string): string[] {
  const syntax = syntaxErrors(language, text);
  if (syntax.length > 0) return syntax.map((e) => `syntax: ${e}`);
  return language === 'promql' ? promqlProblems(text) : logqlProblems(text);
}
