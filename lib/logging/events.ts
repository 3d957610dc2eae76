/**
 * The spec's "What to Log" table (section 2) as data, with a typed logging function per row.
 *
 *   const events = eventsFor(logger);
 *   events.bidRejected({ auction_id, bidder_id, amount, min_required, request_id });
 *   // WARNING "Bid rejected (below minimum)" with those fields
 *
 * Each row's message is the spec's event name, so log queries can use the table's wording.
 * Required fields are checked by the type system; further context fields (request_id,
 * user_id, ...) may be added. Values pass through the logger's redaction like any field:
 * `email_attempted` comes out masked, and `args` or `expo_response` lose any secrets.
 */
import type { LevelName } from './levels';
import type { Logger } from './logger';

/**
 * The JSON type of every field named in the table, written once, as data: the log contract's JSON
 * Schema (contracts/logs) is generated from it, and FieldTypes below is derived from it.
 */
export const FIELDS = {
  method: { type: 'string' },
  path: { type: 'string' },
  ip: { type: 'string' },
  user_agent: { type: 'string' },
  status_code: { type: 'integer' },
  duration_ms: { type: 'number' },
  user_id: { type: 'string' },
  email_attempted: { type: 'string', doc: 'Masked ("j***@example.com") or "[REDACTED]", never the address.' },
  reason: { type: 'string' },
  role: { type: 'string' },
  resource: { type: 'string' },
  action: { type: 'string' },
  booking_id: { type: 'string' },
  date: { type: 'date', doc: 'Calendar date of the booking, "2026-02-18".' },
  slot: { type: 'string' },
  donation_id: { type: 'string' },
  amount: { type: 'number' },
  type: { type: 'string' },
  auction_id: { type: 'string' },
  bidder_id: { type: 'string' },
  min_required: { type: 'number' },
  file_type: { type: 'string' },
  file_size: { type: 'integer', doc: 'Bytes.' },
  bucket: { type: 'string' },
  query_context: { type: 'string' },
  error_message: { type: 'string' },
  service: { type: 'string' },
  endpoint: { type: 'string' },
  status: { type: 'integer', doc: 'HTTP status of the external call.' },
  task_name: { type: 'string' },
  args: { type: 'array-or-object' },
  result_summary: { type: 'string' },
  traceback: { type: 'string' },
  notification_type: { type: 'string' },
  expo_response: { type: 'string-or-object' },
} as const satisfies Record<string, FieldSpec>;

export interface FieldSpec {
  type: keyof KindTypes;
  /** What the field holds, when its name does not say it all. */
  doc?: string;
}

/** The TypeScript type of each kind of field. */
interface KindTypes {
  string: string;
  number: number;
  integer: number;
  /** "YYYY-MM-DD". */
  date: string;
  'array-or-object': readonly unknown[] | Readonly<Record<string, unknown>>;
  'string-or-object': string | Readonly<Record<string, unknown>>;
}

export type FieldTypes = { [F in keyof typeof FIELDS]: KindTypes[(typeof FIELDS)[F]['type']] };

export type FieldName = keyof FieldTypes;

export interface EventSpec {
  level: LevelName;
  message: string;
  fields: readonly FieldName[];
}

export const EVENT_CATALOGUE = {
  requestReceived: {
    level: 'info',
    message: 'Request received',
    fields: ['method', 'path', 'ip', 'user_agent'],
  },
  requestCompleted: {
    level: 'info',
    message: 'Request completed',
    fields: ['method', 'path', 'status_code', 'duration_ms'],
  },
  // `method` here is how the user authenticated: "login" or "refresh".
  authenticationSucceeded: {
    level: 'info',
    message: 'Authentication success',
    fields: ['user_id', 'method'],
  },
  authenticationFailed: {
    level: 'warning',
    message: 'Authentication failure',
    fields: ['ip', 'email_attempted', 'reason'],
  },
  authorizationDenied: {
    level: 'warning',
    message: 'Authorization denied',
    fields: ['user_id', 'role', 'resource', 'action'],
  },
  bookingCreated: {
    level: 'info',
    message: 'Booking created',
    fields: ['booking_id', 'user_id', 'date', 'slot'],
  },
  bookingConflict: {
    level: 'warning',
    message: 'Booking conflict (double-booking)',
    fields: ['date', 'slot', 'user_id'],
  },
  donationCreated: { level: 'info', message: 'Donation created', fields: ['donation_id', 'amount', 'type'] },
  bidPlaced: { level: 'info', message: 'Auction bid placed', fields: ['auction_id', 'bidder_id', 'amount'] },
  bidRejected: {
    level: 'warning',
    message: 'Bid rejected (below minimum)',
    fields: ['auction_id', 'bidder_id', 'amount', 'min_required'],
  },
  fileUploaded: {
    level: 'info',
    message: 'File upload',
    fields: ['user_id', 'file_type', 'file_size', 'bucket'],
  },
  databaseError: { level: 'error', message: 'Database error', fields: ['query_context', 'error_message'] },
  externalApiCalled: {
    level: 'info',
    message: 'External API call (WP, payment)',
    fields: ['service', 'endpoint', 'status', 'duration_ms'],
  },
  taskStarted: { level: 'info', message: 'Celery task started', fields: ['task_name', 'args'] },
  taskCompleted: {
    level: 'info',
    message: 'Celery task completed',
    fields: ['task_name', 'duration_ms', 'result_summary'],
  },
  taskFailed: {
    level: 'error',
    message: 'Celery task failed',
    fields: ['task_name', 'error_message', 'traceback'],
  },
  pushNotificationSent: {
    level: 'info',
    message: 'Push notification sent',
    fields: ['user_id', 'notification_type', 'expo_response'],
  },
  pushNotificationFailed: {
    level: 'error',
    message: 'Push notification failed',
    fields: ['user_id', 'error_message'],
  },
} as const satisfies Record<string, EventSpec>;

export type EventKey = keyof typeof EVENT_CATALOGUE;

/** Optional context any event may carry besides its own fields. */
export interface ContextFields {
  request_id?: string;
  user_id?: string;
  [field: string]: unknown;
}

export type EventFields<K extends EventKey> = {
  [F in (typeof EVENT_CATALOGUE)[K]['fields'][number]]: FieldTypes[F];
} & ContextFields;

export type EventLoggers = { [K in EventKey]: (fields: EventFields<K>) => void };

export function eventsFor(logger: Logger): EventLoggers {
  const loggers: Partial<Record<EventKey, (fields: object) => void>> = {};
  for (const key of Object.keys(EVENT_CATALOGUE) as EventKey[]) {
    const { level, message } = EVENT_CATALOGUE[key];
    loggers[key] = (fields) => logger[level](fields, message);
  }
  return loggers as EventLoggers;
}
