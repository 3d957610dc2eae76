/**
 * zod issues of a queries file → lines an operator can act on, located by query and field:
 *   query bookings_daily: metrics[0].value_column: is required
 *   query bookings_daily: sqll: is not a known field (enabled, sql, interval, timeout, metrics)
 */
import type { z } from 'zod';

const KNOWN_FIELDS: Record<string, string> = {
  file: 'queries',
  query: 'enabled, sql, interval, timeout, metrics',
  metric: 'name, help, type, labels, value_column',
};

export function formatIssue(issue: z.core.$ZodIssue): string[] {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  if (issue.code === 'unrecognized_keys') {
    const fields = KNOWN_FIELDS[levelOf(path)];
    return issue.keys.map((key) => locate([...path, key], `is not a known field (${fields})`));
  }
  return [locate(path, messageOf(issue))];
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'is required';
  if (issue.expected === 'record') return 'must be a map of query names to queries';
  if (issue.expected === 'object') return 'must be a map of fields';
  if (issue.expected === 'array') return 'must be a list';
  return `must be a ${issue.expected}`;
}

/** "file" for the top level, "query" for queries.<name>, "metric" for queries.<name>.metrics[i]. */
function levelOf(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'file';
  return path.length >= 4 && path[2] === 'metrics' ? 'metric' : 'query';
}

function locate(path: readonly (string | number)[], message: string): string {
  if (path[0] !== 'queries' || path.length < 2) return `${field(path) || 'file'}: ${message}`;
  const rest = path.slice(2);
  return rest.length === 0 ? `query ${path[1]}: ${message}` : `query ${path[1]}: ${field(rest)}: ${message}`;
}

/** ["metrics", 0, "name"] → "metrics[0].name" */
function field(path: readonly (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}
