/**
 * The metrics checker on expositions that break the contract one way each
 * (test/contracts/fixtures/metrics/*.prom), and on what prom-client writes in both formats.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMetrics } from '../../contracts/check-metrics';
import { parseExposition } from '../../contracts/exposition';
import { redMetrics } from '../../lib/http/red-metrics';
import { renderMetrics } from '../../lib/metrics/exposition';
import { createRegistry } from '../../lib/metrics/registry';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/metrics', name), 'utf8');
const violations = (text: string) => checkMetrics(parseExposition(text)).violations;

test('the good exposition passes', () => {
  const report = checkMetrics(parseExposition(fixture('good.prom')));
  expect(report.violations).toEqual([]);
  expect(report.routes).toEqual(['/bookings', '/bookings/{id}', 'none']);
});

test.each([
  ['missing-metric.prom', ['http_requests_in_flight: missing (the contract wants a gauge)']],
  ['wrong-type.prom', ['http_requests_total: type is gauge, the contract says counter']],
  ['missing-label.prom', ['http_requests_total: missing label route (1 sample)']],
  [
    'extra-label.prom',
    ['http_requests_total: extra label user_id (1 sample; the contract has method, route, status)'],
  ],
  [
    'raw-path-route.prom',
    ['http_requests_total: route "/bookings/8812" is a raw path, not a template: segment "8812" is a number'],
  ],
  ['status-class.prom', ['http_requests_total: status "2xx" is not a numeric status code']],
  [
    'missing-2s-bucket.prom',
    ['http_request_duration_seconds: missing bucket le="2" (SlowResponse compares the p95 against 2 s)'],
  ],
  [
    'no-samples.prom',
    ['http_requests_in_flight: no samples, so its labels cannot be checked (send the app a request first)'],
  ],
])('%s breaks the contract in one way', (file, expected) => {
  expect(violations(fixture(file))).toEqual(expected);
});

test('an unparsable line is reported with its number', () => {
  expect(violations(fixture('unparsable.prom'))).toContain(
    'line 28: cannot parse: label method: unterminated value',
  );
});

test('services instrumented with lib/http/red-metrics meet the contract in both exposition formats', async () => {
  const registry = createRegistry();
  const middleware = redMetrics(registry);
  // A routed request, recorded as the middleware records it.
  const res = Object.assign(new EventEmitter(), { statusCode: 201, writableFinished: true });
  middleware.track({ method: 'POST' } as never, res as never, '/bookings/:id');
  res.emit('finish');

  for (const format of ['prometheus', 'openmetrics'] as const) {
    const { body } = await renderMetrics(registry, format);
    expect({ format, violations: violations(body) }).toEqual({ format, violations: [] });
  }
});

test('a histogram missing buckets in one series only is still reported', () => {
  const series = 'method="POST",route="/bookings",status="201"';
  const sparse = [
    `http_request_duration_seconds_bucket{${series},le="1"} 1`,
    `http_request_duration_seconds_bucket{${series},le="+Inf"} 1`,
    `http_request_duration_seconds_sum{${series}} 0.3`,
    `http_request_duration_seconds_count{${series}} 1`,
  ].join('\n');
  const text = fixture('good.prom').replace(
    '# HELP http_requests_in_flight',
    `${sparse}\n# HELP http_requests_in_flight`,
  );
  const found = violations(text);
  expect(found).toContain(
    'http_request_duration_seconds: missing bucket le="2" (SlowResponse compares the p95 against 2 s)',
  );
  expect(found).toContain('http_request_duration_seconds: missing bucket le="0.005"');
  expect(found).not.toContain('http_request_duration_seconds: missing bucket le="1"');
});
