/**
 * The log contract: the committed schema is the one the catalogue generates, it accepts what the
 * real logger writes for every event (and the fixture API's request lines), and the checker finds
 * each way a line can break it (test/contracts/fixtures/logs/*.jsonl, one breakage per file).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFixtureApi } from '../../contracts/fixture-api';
import { createLogChecker, type LogReport, OTHER_LINES } from '../../contracts/logs/check-logs';
import { FIXED_KEYS, renderSchema, SCHEMA_FILE } from '../../contracts/logs/log-schema';
import { EVENT_CATALOGUE, type EventKey, eventsFor, FIELDS, type FieldSpec } from '../../lib/logging/events';
import { capturedLogger } from '../support/captured-logger';

const root = join(__dirname, '../..');

function check(lines: readonly string[]): LogReport {
  const checker = createLogChecker();
  for (const [i, line] of lines.entries()) checker.add(line, i + 1);
  return checker.report();
}
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/logs', name), 'utf8').split('\n');

/** A plausible value of each kind of field. */
const SAMPLE: Record<FieldSpec['type'], unknown> = {
  string: 'value-1',
  number: 12.5,
  integer: 201,
  date: '2026-02-18',
  'array-or-object': ['booking-7', { retries: 2 }],
  'string-or-object': { status: 'ok', id: 'receipt-3' },
};

test('the committed schema is what the catalogue generates', () => {
  expect(readFileSync(join(root, SCHEMA_FILE), 'utf8')).toBe(renderSchema());
});

test('the schema accepts what the real logger writes for each of the 18 events', () => {
  const { logger, lines } = capturedLogger({ env: 'production', app: 'app' });
  const events = eventsFor(logger.child({ logger: 'app.api', request_id: 'req-1' }));
  const keys = Object.keys(EVENT_CATALOGUE) as EventKey[];
  expect(keys).toHaveLength(18);
  for (const key of keys) {
    const fields = Object.fromEntries(
      EVENT_CATALOGUE[key].fields.map((field) => [field, SAMPLE[FIELDS[field].type as FieldSpec['type']]]),
    );
    (events[key] as (fields: object) => void)(fields);
  }
  // Errors as the logger describes them, and a line that is no event.
  logger.error({ err: new Error('connection refused'), query_context: 'bookings.insert' }, 'Database error');
  logger.info({ port: 8000 }, 'API listening');

  const report = check(lines);
  expect(report.violations).toEqual([]);
  for (const key of keys) {
    expect(report.tallies.find((t) => t.event === EVENT_CATALOGUE[key].message)?.lines).toBe(
      key === 'databaseError' ? 2 : 1,
    );
  }
  expect(report.tallies.find((t) => t.event === OTHER_LINES)?.lines).toBe(1);
  expect(Object.keys(JSON.parse(lines[0] as string)).slice(0, 4)).toEqual([...FIXED_KEYS]);
});

test("the fixture API's request lines meet the contract", async () => {
  const { logger, lines } = capturedLogger({ env: 'staging' });
  const api = createFixtureApi({ logger });
  const url = await api.listen();
  try {
    api.set({ errorCount: 1 });
    for (const path of ['/bookings/1', '/bookings/2', '/no/route'])
      await (await fetch(`${url}${path}`)).arrayBuffer();
  } finally {
    await api.close();
  }
  const report = check(lines);
  expect(report.violations).toEqual([]);
  expect(report.tallies.find((t) => t.event === 'Request received')?.lines).toBe(3);
  expect(report.tallies.find((t) => t.event === 'Request completed')?.lines).toBe(3);
});

test("lines of the spec's shape from another program pass", () => {
  const report = check(fixture('good.jsonl'));
  expect(report.violations).toEqual([]);
  expect(report.lines).toBe(7);
});

test.each([
  ['not-json.jsonl', undefined, 'not JSON'],
  ['missing-field.jsonl', 'Booking created', 'missing field slot'],
  ['wrong-event-level.jsonl', 'Authentication failure', 'level "INFO" (this event is WARNING)'],
  ['unknown-level.jsonl', undefined, 'level "warn" (DEBUG, INFO, WARNING, ERROR, CRITICAL)'],
  ['wrong-type.jsonl', 'Request completed', 'field status_code must be integer'],
  [
    'bad-timestamp.jsonl',
    undefined,
    'timestamp "2026-02-18 10:30:00+01:00" is not UTC ISO 8601 ("2026-02-18T10:30:00.000Z")',
  ],
  [
    'key-order.jsonl',
    undefined,
    'keys must start timestamp, level, logger, message, found level, timestamp, logger, message',
  ],
  [
    'email-in-value.jsonl',
    'Authorization denied',
    'resource: holds personal data or a secret (redacted: "mailbox of [REDACTED_EMAIL]")',
  ],
  [
    'card-number.jsonl',
    'Donation created',
    'type: holds personal data or a secret (redacted: "card [REDACTED]")',
  ],
  [
    'bearer-token.jsonl',
    undefined,
    'detail: holds personal data or a secret (redacted: "401 for Bearer [REDACTED]")',
  ],
  [
    'secret-field.jsonl',
    undefined,
    'new_password: a secret or personal field with a value (the logger writes "[REDACTED]")',
  ],
  [
    'unmasked-email-attempted.jsonl',
    'Authentication failure',
    'email_attempted: not masked (the logger writes "j***@example.com")',
  ],
  ['body-outside-debug.jsonl', 'Request completed', 'request_body: a request or response body outside DEBUG'],
])('%s breaks the contract in one way', (file, event, reason) => {
  const report = check(fixture(file));
  expect(report.violations).toEqual([{ line: 1, event, reason }]);
  expect(report.tallies.find((t) => t.event === (event ?? OTHER_LINES))).toMatchObject({
    lines: 1,
    violations: 1,
  });
});

test('a finding never quotes the personal data it found', () => {
  const report = check(fixture('unmasked-email-attempted.jsonl').concat(fixture('card-number.jsonl')));
  const text = JSON.stringify(report.violations);
  expect(text).not.toContain('jane.doe');
  expect(text).not.toContain('4111');
});
