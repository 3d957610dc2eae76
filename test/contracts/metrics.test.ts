/** The contract's data: the route template rule and the buckets the alert rules rely on. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { thresholds } from '../../alerting/rules/thresholds';
import { DURATION_BUCKETS, rawPathSegment, SLOW_RESPONSE_BUCKET } from '../../contracts/metrics';

test.each([
  '/bookings/{id}',
  '/bookings/{booking_id:int}',
  '/bookings/:id',
  '/health/:check',
  '/api/v1/auctions/{auction_id}/bids',
  '/',
  'unmatched',
  'none',
])('%s is a route template', (route) => {
  expect(rawPathSegment(route)).toBeUndefined();
});

test.each([
  ['/bookings/42', 'segment "42" is a number'],
  ['/bookings/3f2b8a1c-9d4e-4f6a-8b7c-1d2e3f4a5b6c', 'is a UUID'],
  ['/files/5f8d0a3b9c1e2d4f6a7b8c9d', 'is a hex id'],
  ['/search?q=boat', 'holds a query'],
  ['/users/jane@example.com', 'an address'],
  ['/caf%C3%A9', 'an escape'],
  ['bookings/{id}', 'does not start with "/"'],
])('%s is a raw path', (route, why) => {
  expect(rawPathSegment(route)).toContain(why);
});

test('the buckets hold the bound SlowResponse compares against', () => {
  expect(SLOW_RESPONSE_BUCKET).toBe(thresholds.latency.maxSeconds);
  expect(DURATION_BUCKETS).toContain(SLOW_RESPONSE_BUCKET);
  expect([...DURATION_BUCKETS]).toEqual([...DURATION_BUCKETS].sort((a, b) => a - b));
});

test("the README's table and Python example list the contract's buckets", () => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const list = DURATION_BUCKETS.join(', ');
  expect(readme).toContain(`buckets \`${list}\``);
  expect(readme).toContain(`BUCKETS = (${list})`);
});
