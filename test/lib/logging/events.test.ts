import { EVENT_CATALOGUE, type EventFields, type EventKey, eventsFor } from '../../../lib/logging/events';
import { createLogger } from '../../../lib/logging/logger';

/** The spec's "What to Log" table (section 2), copied row by row: event, level, fields. */
const SPEC_TABLE: [EventKey, string, string, string[]][] = [
  ['requestReceived', 'Request received', 'INFO', ['method', 'path', 'ip', 'user_agent']],
  ['requestCompleted', 'Request completed', 'INFO', ['method', 'path', 'status_code', 'duration_ms']],
  ['authenticationSucceeded', 'Authentication success', 'INFO', ['user_id', 'method']],
  ['authenticationFailed', 'Authentication failure', 'WARNING', ['ip', 'email_attempted', 'reason']],
  ['authorizationDenied', 'Authorization denied', 'WARNING', ['user_id', 'role', 'resource', 'action']],
  ['bookingCreated', 'Booking created', 'INFO', ['booking_id', 'user_id', 'date', 'slot']],
  ['bookingConflict', 'Booking conflict (double-booking)', 'WARNING', ['date', 'slot', 'user_id']],
  ['donationCreated', 'Donation created', 'INFO', ['donation_id', 'amount', 'type']],
  ['bidPlaced', 'Auction bid placed', 'INFO', ['auction_id', 'bidder_id', 'amount']],
  [
    'bidRejected',
    'Bid rejected (below minimum)',
    'WARNING',
    ['auction_id', 'bidder_id', 'amount', 'min_required'],
  ],
  ['fileUploaded', 'File upload', 'INFO', ['user_id', 'file_type', 'file_size', 'bucket']],
  ['databaseError', 'Database error', 'ERROR', ['query_context', 'error_message']],
  [
    'externalApiCalled',
    'External API call (WP, payment)',
    'INFO',
    ['service', 'endpoint', 'status', 'duration_ms'],
  ],
  ['taskStarted', 'Celery task started', 'INFO', ['task_name', 'args']],
  ['taskCompleted', 'Celery task completed', 'INFO', ['task_name', 'duration_ms', 'result_summary']],
  ['taskFailed', 'Celery task failed', 'ERROR', ['task_name', 'error_message', 'traceback']],
  [
    'pushNotificationSent',
    'Push notification sent',
    'INFO',
    ['user_id', 'notification_type', 'expo_response'],
  ],
  ['pushNotificationFailed', 'Push notification failed', 'ERROR', ['user_id', 'error_message']],
];

/** A sample value of the right type for each field. */
const SAMPLES: Record<string, unknown> = {
  method: 'POST',
  path: '/api/v1/bookings',
  ip: '203.0.113.50',
  user_agent: 'ClickyApp/1.0',
  status_code: 201,
  duration_ms: 45,
  user_id: 'uuid-1',
  email_attempted: 'jane@example.com',
  reason: 'bad password',
  role: 'member',
  resource: 'auction',
  action: 'close',
  booking_id: 'bk-1',
  date: '2026-02-18',
  slot: '10:30',
  donation_id: 'dn-1',
  amount: 150,
  type: 'one-off',
  auction_id: 'au-1',
  bidder_id: 'uuid-2',
  min_required: 200,
  file_type: 'image/jpeg',
  file_size: 52_341,
  bucket: 'photos',
  query_context: 'bookings.insert',
  error_message: 'duplicate key',
  service: 'wordpress',
  endpoint: '/wp-json/wp/v2/posts',
  status: 200,
  task_name: 'send_receipts',
  args: ['dn-1'],
  result_summary: '1 sent',
  traceback: 'Error: duplicate key\n    at insert',
  notification_type: 'booking_reminder',
  expo_response: { status: 'ok', id: 'ticket-1' },
};

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    app: 'api',
    env: 'development',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { events: eventsFor(logger), records: () => lines.map((line) => JSON.parse(line)) };
}

describe('EVENT_CATALOGUE', () => {
  it('has exactly the spec rows', () => {
    expect(Object.keys(EVENT_CATALOGUE)).toEqual(SPEC_TABLE.map(([key]) => key));
  });

  it.each(SPEC_TABLE)('%s is "%s" at %s with %j', (key, message, level, fields) => {
    const entry = EVENT_CATALOGUE[key];
    expect(entry.message).toBe(message);
    expect(entry.level.toUpperCase()).toBe(level);
    expect(entry.fields).toEqual(fields);
  });
});

describe('eventsFor', () => {
  it.each(SPEC_TABLE)('%s logs the spec line', (key, message, level, fields) => {
    const { events, records } = capture();
    const payload = { request_id: 'req-abc123', ...Object.fromEntries(fields.map((f) => [f, SAMPLES[f]])) };
    (events[key] as (fields: object) => void)(payload);
    const [record] = records();
    expect(Object.keys(record)).toEqual(['timestamp', 'level', 'logger', 'message', 'request_id', ...fields]);
    expect(record).toMatchObject({ level, logger: 'api', message, request_id: 'req-abc123' });
    for (const field of fields) {
      if (field !== 'email_attempted') expect(record[field]).toEqual(SAMPLES[field]);
    }
  });

  it('masks email_attempted on authentication failures', () => {
    const { events, records } = capture();
    events.authenticationFailed({
      ip: '203.0.113.50',
      email_attempted: 'jane@example.com',
      reason: 'bad password',
    });
    expect(records()[0]).toMatchObject({ email_attempted: 'j***@example.com', level: 'WARNING' });
  });
});

/**
 * Never called: `npx tsc --noEmit` checks that each line marked @ts-expect-error is a type
 * error (an unused directive fails the type check).
 */
function _typeChecks(events: ReturnType<typeof eventsFor>): void {
  events.bidRejected({ auction_id: 'a', bidder_id: 'b', amount: 1, min_required: 2, request_id: 'r' });
  // @ts-expect-error min_required is missing
  events.bidRejected({ auction_id: 'a', bidder_id: 'b', amount: 1 });
  // @ts-expect-error amount is a number
  events.bidPlaced({ auction_id: 'a', bidder_id: 'b', amount: '1' });
  // @ts-expect-error user_id is required by this event, not only optional context
  events.authenticationSucceeded({ method: 'login' });
  // @ts-expect-error request_id is a string
  events.requestReceived({ method: 'GET', path: '/', ip: '::1', user_agent: 'ua', request_id: 1 });
  // @ts-expect-error no such event
  events.bookingDeleted({});
  const fields: EventFields<'databaseError'> = { query_context: 'q', error_message: 'm' };
  events.databaseError(fields);
}
