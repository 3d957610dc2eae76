/**
 * Every query in the runbooks runs: each PromQL and LogQL query of docs/runbooks/ parses with Grafana's
 * grammars, and uses only labels its series (Prometheus) or streams (Loki) really carry.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queriesOf, queryProblems, type RunbookQuery } from './support/runbook-queries';

const dir = join(__dirname, '../../docs/runbooks');
const pages = readdirSync(dir).filter((name) => name.endsWith('.md'));
const queries: RunbookQuery[] = pages.flatMap((name) =>
  queriesOf(name, readFileSync(join(dir, name), 'utf8')),
);

it('finds the queries: fenced promql and logql blocks, and inline selectors', () => {
  expect(queries.filter((q) => q.language === 'promql').length).toBeGreaterThan(15);
  expect(queries.filter((q) => q.language === 'logql').length).toBeGreaterThan(8);
});

it.each(queries.map((q) => [`${q.file}: ${q.text}`, q] as const))('%s', (_name, q) => {
  expect(queryProblems(q.language, q.text)).toEqual([]);
});

describe('the checks are live', () => {
  it('reject the labels Loki does not have, and levels it never stores', () => {
    expect(queryProblems('logql', '{service="clicky-api"} |= "sync"')).toEqual([
      'stream label service does not exist (Loki has app, env, level)',
    ]);
    expect(queryProblems('logql', '{app="fastapi", level="ERROR"} | json')).toEqual([
      'level ERROR is never stored (lower case)',
    ]);
    // After `| json` anything goes: those are the line's fields, not stream labels.
    expect(queryProblems('logql', '{app="fastapi"} | json | service="x"')).toEqual([]);
  });

  it('reject labels a series does not carry, groupings on them, unknown metrics and broken syntax', () => {
    expect(queryProblems('promql', 'http_requests_total{service="clicky-api"}')).toEqual([
      'http_requests_total has no label service',
    ]);
    expect(queryProblems('promql', 'sum by (mountpoint) (rate(http_requests_total[5m]))')).toEqual([
      'groups by mountpoint, which none of its series carries',
    ]);
    expect(queryProblems('promql', 'nonexistent_metric{job="x"}')).toEqual([
      'unknown metric nonexistent_metric: add its labels to test/docs/support/series-labels.ts',
    ]);
    expect(queryProblems('promql', 'sum(rate(up[5m])')).not.toEqual([]);
  });

  it('find inline selectors outside fences, and skip other code', () => {
    const md = 'See `up{job="x"}` and `{app="relay"}`, not `docker compose ps`.\n```sh\ncurl x{y}\n```\n';
    expect(queriesOf('x.md', md).map((q) => [q.language, q.text])).toEqual([
      ['promql', 'up{job="x"}'],
      ['logql', '{app="relay"}'],
    ]);
  });
});
