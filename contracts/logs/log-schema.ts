/**
 * The log contract as JSON Schema (draft 2020-12), built from the TypeScript catalogue of the spec's
 * events (lib/logging/events.ts) and levels (lib/logging/levels.ts), the one source of truth: `npm
 * run contract:logs:schema` writes it to log-line.schema.json for the Python side, and `npm run
 * check` fails when the committed file differs.
 *
 * Every line: timestamp (UTC ISO 8601 with "Z"), level (upper case), logger, message, in that order
 * and first (`x-key-order`, an annotation: JSON Schema cannot state key order, the checker enforces
 * it), then any context fields. A line whose message is one of the 18 events' must have the event's
 * level and fields, with their types; other lines are held to the line format only.
 */
import { EVENT_CATALOGUE, FIELDS, type FieldSpec } from '../../lib/logging/events';
import { LEVEL_NAMES } from '../../lib/logging/levels';

export const SCHEMA_ID = 'urn:clicky-observability:log-line';
export const SCHEMA_FILE = 'contracts/logs/log-line.schema.json';

/** The keys every line starts with, in this order (lib/logging/logger.ts writes them so). */
export const FIXED_KEYS = ['timestamp', 'level', 'logger', 'message'] as const;

/** Level names as lines carry them: upper case. */
export const LINE_LEVELS = LEVEL_NAMES.map((level) => level.toUpperCase());

type Schema = Record<string, unknown>;

const KIND_SCHEMAS: Record<FieldSpec['type'], Schema> = {
  string: { type: 'string' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
  'array-or-object': { type: ['array', 'object'] },
  'string-or-object': { type: ['string', 'object'] },
};

function fieldSchema(spec: FieldSpec): Schema {
  return spec.doc ? { ...KIND_SCHEMAS[spec.type], description: spec.doc } : KIND_SCHEMAS[spec.type];
}

export function logLineSchema(): Schema {
  // One if/then per event in allOf; the field schemas live in $defs under the field's name.
  const events = Object.entries(EVENT_CATALOGUE).map(([key, event]) => ({
    title: key,
    if: { required: ['message'], properties: { message: { const: event.message } } },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, never awaited
    then: {
      required: [...event.fields],
      properties: {
        level: { const: event.level.toUpperCase() },
        ...Object.fromEntries(event.fields.map((field) => [field, { $ref: `#/$defs/${field}` }])),
      },
    },
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: SCHEMA_ID,
    title: 'Clicky JSON log line',
    description:
      'One line of a Clicky service log (spec section 2, "Log Format" and "What to Log"). Generated from ' +
      'lib/logging/events.ts by `npm run contract:logs:schema`: do not edit. Keys start with x-key-order, ' +
      'in that order; personal data and secrets are checked by `npm run contract:logs`, not by this schema.',
    'x-key-order': [...FIXED_KEYS],
    type: 'object',
    required: [...FIXED_KEYS],
    properties: {
      timestamp: {
        description: 'When the line was written, UTC: "2026-02-18T10:30:00.000Z".',
        type: 'string',
        format: 'date-time',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?Z$',
      },
      level: { enum: LINE_LEVELS },
      logger: { description: 'Dotted module name, "app.api.bookings".', type: 'string', minLength: 1 },
      message: { description: 'For the events below, the event name.', type: 'string' },
      request_id: { type: 'string' },
      user_id: { type: 'string' },
    },
    allOf: events,
    $defs: Object.fromEntries(Object.entries(FIELDS).map(([name, spec]) => [name, fieldSchema(spec)])),
  };
}

/** The file's text: two-space JSON, as biome formats it (so `npm run lint` and the drift check agree). */
export function renderSchema(): string {
  return `${formatJson(logLineSchema(), '', '')}\n`;
}

const LINE_WIDTH = 110;

/** JSON.stringify(value, null, 2), but an array of scalars that fits the line stays on one line. */
function formatJson(value: unknown, indent: string, prefix: string): string {
  if (Array.isArray(value)) {
    const flat = `[${value.map((item) => JSON.stringify(item)).join(', ')}]`;
    const scalars = value.every((item) => item === null || typeof item !== 'object');
    // The line holds indent, prefix (`"key": `), the array and a possible trailing comma.
    if (scalars && indent.length + prefix.length + flat.length + 1 <= LINE_WIDTH) return flat;
    if (value.length === 0) return '[]';
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + formatJson(item, inner, '')).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => {
      const keyText = `${JSON.stringify(key)}: `;
      return `${inner}${keyText}${formatJson(item, inner, keyText)}`;
    });
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}
