/**
 * Grafana's own query parsers (the code editors' grammars): PromQL with @prometheus-io/lezer-promql,
 * LogQL with @grafana/lezer-logql. An error node (⚠) anywhere in the tree is a syntax error.
 */
import type { LRParser } from '@lezer/lr';
import type { QueryLanguage } from './models';

// Both packages are typed as ES modules but ship CommonJS builds (exports.require), which jest loads.
const { parser: promqlParser } = require('@prometheus-io/lezer-promql') as { parser: LRParser };
const { parser: logqlParser } = require('@grafana/lezer-logql') as { parser: LRParser };

const parse = (language: QueryLanguage, text: string) =>
  (language === 'promql' ? promqlParser : logqlParser).parse(text);

/** Where each syntax error starts, with the text from there; empty when the query parses. */
export function syntaxErrors(language: QueryLanguage, text: string): string[] {
  const errors: string[] = [];
  parse(language, text).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(`at ${node.from}: ${text.slice(node.from, node.from + 30)}`);
    },
  });
  return errors;
}

/** The metric names a PromQL expression selects (the identifiers of its vector selectors). */
export function metricNames(text: string): string[] {
  const names = new Set<string>();
  promqlParser.parse(text).iterate({
    enter: (node) => {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.add(text.slice(node.from, node.to));
      }
    },
  });
  return [...names];
}
