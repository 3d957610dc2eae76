/** The exposition parser: what the contract checker needs of the text format, and its errors. */
import { parseExposition } from '../../contracts/exposition';
import { promtoolCheckMetrics } from '../support/metrics';

test('families keep their type, help and every labelled sample, histograms included', () => {
  const text = [
    '# HELP req_total Requests, "quoted" \\\\ and\\nnew line.',
    '# TYPE req_total counter',
    'req_total{route="/a/{id}",path="x\\"y\\\\z\\n"} 3 1700000000000',
    '# TYPE dur_seconds histogram',
    'dur_seconds_bucket{route="/a",le="0.5"} 1',
    'dur_seconds_bucket{route="/b",le="+Inf"} 2',
    'dur_seconds_sum{route="/b"} 1.5e-1',
    'dur_seconds_count{route="/b"} 2',
    'loose_metric NaN',
  ].join('\n');
  const { families, errors } = parseExposition(text);
  expect(errors).toEqual([]);
  const req = families.get('req_total');
  expect(req?.type).toBe('counter');
  expect(req?.help).toBe('Requests, "quoted" \\ and\nnew line.');
  expect(req?.samples).toEqual([
    { name: 'req_total', labels: { route: '/a/{id}', path: 'x"y\\z\n' }, value: 3, line: 3 },
  ]);
  const dur = families.get('dur_seconds');
  expect(dur?.samples.map((s) => [s.name, s.labels.route, s.value])).toEqual([
    ['dur_seconds_bucket', '/a', 1],
    ['dur_seconds_bucket', '/b', 2],
    ['dur_seconds_sum', '/b', 0.15],
    ['dur_seconds_count', '/b', 2],
  ]);
  expect(families.get('loose_metric')?.type).toBe('untyped');
  // The input is valid for Prometheus's own linter too: the parser is not more lenient by accident.
  expect(promtoolCheckMetrics(`${text}\n`).output).not.toContain('parsing error');
});

test('an OpenMetrics counter family finds its _total samples', () => {
  const { families } = parseExposition(
    '# TYPE req counter\nreq_total{a="1"} 1\nreq_created{a="1"} 1.7e9\n# EOF\n',
  );
  expect(families.get('req')?.samples.map((s) => s.name)).toEqual(['req_total', 'req_created']);
});

test.each([
  ['req_total{a="1" 3', 'expected "," or "}" after label a'],
  ['req_total{a=1} 3', 'label a: expected ="value"'],
  ['req_total{a="1",a="2"} 3', 'label a appears twice'],
  ['req_total 3 4 5', 'expected "<name>[{labels}] <value> [timestamp]"'],
  ['req_total three', 'invalid value "three"'],
  ['{a="1"} 3', 'a sample line must start with a metric name'],
  ['# TYPE req_total countr', 'unknown type "countr" for req_total'],
])('%s is reported with its line number', (line, reason) => {
  expect(parseExposition(`# a comment\n${line}\n`).errors).toEqual([{ line: 2, reason }]);
});
