/**
 * Alertmanager's webhook payload (version 4, as `webhook_configs` posts it), validated with zod.
 *
 * Every field Alertmanager always sends is required, so a client that is not Alertmanager (or a
 * proxy that mangled the body) is told which field is wrong instead of producing a half-empty
 * Telegram message. Extra fields are allowed: Alertmanager may add some in later versions.
 */
import { z } from 'zod';

const PROTO = '__proto__';

/**
 * Label and annotation maps. A key named `__proto__` is refused before zod sees it: zod (like any
 * plain-object copy) cannot keep it as an own key, so it would vanish without a word while any other
 * bad label gets a 400. A non-string value gets the same reason as any other; a string value is
 * refused too, since it could not be kept either (and Prometheus reserves `__` names anyway).
 */
const labelSet = z.preprocess(
  (input, ctx) => {
    if (typeof input === 'object' && input !== null && Object.hasOwn(input, PROTO)) {
      const value: unknown = (input as Record<string, unknown>)[PROTO];
      ctx.issues.push({
        code: 'custom',
        path: [PROTO],
        input,
        message:
          typeof value === 'string'
            ? 'cannot be a label or annotation name'
            : `Invalid input: expected string, received ${value === null ? 'null' : typeof value}`,
      });
      return z.NEVER;
    }
    return input;
  },
  z.record(z.string(), z.string()),
);
const timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');
const alertStatus = z.enum(['firing', 'resolved']);

const alertSchema = z.object({
  status: alertStatus,
  labels: labelSet,
  annotations: labelSet,
  startsAt: timestamp,
  /** "0001-01-01T00:00:00Z" while firing. */
  endsAt: timestamp,
  generatorURL: z.string(),
  fingerprint: z.string().min(1, 'must not be empty'),
});

const payloadSchema = z.object({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook version 4)' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: alertStatus,
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(alertSchema).min(1, 'must hold at least one alert'),
});

export type RelayAlert = z.infer<typeof alertSchema>;
export type AlertStatus = RelayAlert['status'];
export type WebhookPayload = z.infer<typeof payloadSchema>;

const MAX_REASON_LENGTH = 300;

export type ParseResult = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

/** The payload, or the first problem as `alerts[0].labels.alertname: expected string, received number`. */
export function parseWebhook(body: unknown): ParseResult {
  const result = payloadSchema.safeParse(body);
  if (result.success) return { ok: true, payload: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, reason: 'invalid payload' };
  const where = issue.path.length === 0 ? 'body' : pathText(issue.path);
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  // Key names come from the client: the reason is echoed, so it is kept short.
  return { ok: false, reason: `${where}: ${issue.message}${more}`.slice(0, MAX_REASON_LENGTH) };
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
