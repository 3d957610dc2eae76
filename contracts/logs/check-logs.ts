/**
 * Checks JSON log lines against the log contract, one line at a time: the schema
 * (log-line.schema.json: format, level, each event's fields and their types), the order of the
 * fixed keys, and no personal data or secrets (personal-data.ts). Tallies lines and violations per
 * event, so a service can see which of the 18 events it writes and how well.
 */
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import schema from './log-line.schema.json';
import { personalData } from './personal-data';

export interface LogViolation {
  line: number;
  /** The event's name (its message), or undefined for a line that is not one of the events. */
  event?: string;
  reason: string;
}

export interface EventTally {
  event: string;
  lines: number;
  violations: number;
}

export interface LogReport {
  lines: number;
  violations: LogViolation[];
  /** The 18 events in catalogue order, then OTHER_LINES. */
  tallies: EventTally[];
}

/** The tally row of lines that are not one of the events (still held to the line format). */
export const OTHER_LINES = '(other lines)';

/** The events as the schema names them: message → tally name. */
const EVENT_MESSAGES: string[] = schema.allOf.map((event) => event.if.properties.message.const);
const KEY_ORDER: readonly string[] = schema['x-key-order'];

function compile() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['date-time']);
  // An annotation for readers and for this checker: JSON Schema cannot state key order.
  ajv.addKeyword({ keyword: 'x-key-order', schemaType: 'array' });
  return ajv.compile(schema);
}

export interface LogChecker {
  /** Checks one line of text (`lineNumber` is 1-based); blank lines are skipped. */
  add(text: string, lineNumber: number): void;
  report(): LogReport;
}

export function createLogChecker(): LogChecker {
  const validate = compile();
  const tallies = new Map<string, EventTally>(
    [...EVENT_MESSAGES, OTHER_LINES].map((event) => [event, { event, lines: 0, violations: 0 }]),
  );
  const violations: LogViolation[] = [];
  let lines = 0;

  return {
    add(text, lineNumber) {
      if (text.trim() === '') return;
      lines += 1;
      const found = checkLine(text, validate);
      const event = found.event !== undefined && tallies.has(found.event) ? found.event : undefined;
      const tally = tallies.get(event ?? OTHER_LINES) as EventTally;
      tally.lines += 1;
      tally.violations += found.reasons.length;
      for (const reason of found.reasons) violations.push({ line: lineNumber, event, reason });
    },
    report: () => ({ lines, violations, tallies: [...tallies.values()] }),
  };
}

function checkLine(
  text: string,
  validate: ReturnType<typeof compile>,
): { event?: string; reasons: string[] } {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    return { reasons: ['not JSON'] };
  }
  if (line === null || typeof line !== 'object' || Array.isArray(line))
    return { reasons: ['not a JSON object'] };
  const record = line as Record<string, unknown>;
  const event =
    typeof record.message === 'string' && EVENT_MESSAGES.includes(record.message)
      ? record.message
      : undefined;
  const reasons: string[] = [];
  if (!validate(record)) reasons.push(...describe(validate.errors ?? [], record));
  const keys = Object.keys(record).slice(0, KEY_ORDER.length);
  if (KEY_ORDER.every((key) => key in record) && keys.join() !== KEY_ORDER.join())
    reasons.push(`keys must start ${KEY_ORDER.join(', ')}, found ${keys.join(', ')}`);
  reasons.push(...personalData(record, record.level === 'DEBUG'));
  return { event, reasons };
}

/** Ajv's errors as short reasons, one per field; values are quoted only for level and timestamp. */
function describe(errors: ErrorObject[], line: Record<string, unknown>): string[] {
  const reasons = new Set<string>();
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'if') continue; // "must match then": its own errors say why
    const field = error.instancePath.slice(1).replace(/\//g, '.');
    if (error.keyword === 'required') {
      reasons.add(`missing field ${(error.params as { missingProperty: string }).missingProperty}`);
      continue;
    }
    if (seen.has(field)) continue;
    seen.add(field);
    if (field === 'level') {
      const allowed =
        error.keyword === 'const'
          ? `this event is ${error.params.allowedValue}`
          : schema.properties.level.enum.join(', ');
      reasons.add(`level ${JSON.stringify(line.level)} (${allowed})`);
    } else if (field === 'timestamp')
      reasons.add(
        `timestamp ${JSON.stringify(line.timestamp)} is not UTC ISO 8601 ("2026-02-18T10:30:00.000Z")`,
      );
    else if (field === '') reasons.add(`line ${error.message}`);
    else reasons.add(`field ${field} ${error.message}`);
  }
  return [...reasons];
}
