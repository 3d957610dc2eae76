import { models, type PanelQuery, queriesOf, variableSelectors } from './support/models';
import { metricNames, syntaxErrors } from './support/parsers';
import { plausibleValues, substitute } from './support/template';

/** Every query of every dashboard, with its variables as Grafana would fill them. */
function allQueries(given: Record<string, string>): (PanelQuery & { text: string })[] {
  return models().flatMap((model) => {
    const values = plausibleValues(model, given);
    return [...queriesOf(model), ...variableSelectors(model)].map((q) => ({
      ...q,
      text: substitute(q.expr, values),
    }));
  });
}

const label = (q: PanelQuery) => `${q.dashboard} / ${q.panel}`;

describe('every query parses with the grammar of its datasource', () => {
  it.each([
    ['the defaults', { env: 'production' }],
    // The text boxes filled in, and one-value selections, as someone investigating would set them.
    [
      'filters set',
      { env: 'staging', logger: 'app.api.auctions', request_id: 'req-0123456789abcdef', job: 'clicky-api' },
    ],
  ])('with %s', (_case, given) => {
    const queries = allQueries(given);
    expect(queries.length).toBeGreaterThan(40);
    const failures = queries
      .map((q) => ({ query: label(q), text: q.text, errors: syntaxErrors(q.language, q.text) }))
      .filter((f) => f.errors.length > 0);
    expect(failures).toEqual([]);
  });

  it('leaves no template variable behind, and knows no variable a dashboard does not define', () => {
    for (const q of allQueries({ env: 'production' })) expect(q.text).not.toContain('$');
    expect(() => substitute('up{env="$enviroment"}', { env: 'x' })).toThrow('$enviroment');
  });
});

describe('the parsers (the checks above are live)', () => {
  it('reject a broken PromQL or LogQL expression', () => {
    expect(syntaxErrors('promql', 'sum(rate(http_requests_total[5m])')).not.toEqual([]);
    expect(syntaxErrors('promql', 'rate(x[$__rate_interval])')).not.toEqual([]);
    expect(syntaxErrors('logql', '{app=~"a"} | json | message="x" [1m]')).not.toEqual([]);
    expect(syntaxErrors('logql', '{app=~"a", env="b"} |= "Bid rejected (below minimum)" | json')).toEqual([]);
  });

  it('find the metric names of a PromQL expression, not its functions or labels', () => {
    expect(metricNames('sum by (job) (rate(a_total{x="y"}[5m])) / b or vector(0) + time()')).toEqual([
      'a_total',
      'b',
    ]);
  });
});
