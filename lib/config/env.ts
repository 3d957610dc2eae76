/**
 * Typed configuration from environment variables, validated once at start.
 *
 * Each service declares a zod object whose keys are the variable names it reads
 * (`PORT`, `DATABASE_URL`, ...). `loadEnv` returns the parsed values or throws a
 * ConfigError whose message names every invalid variable. Values are never echoed:
 * a malformed `DATABASE_URL` may still hold a password.
 */
import { z } from 'zod';
import { isIanaTimeZone } from './time-zone';

export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.reason}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function loadEnv<S extends z.ZodObject>(schema: S, env: Env = process.env): z.infer<S> {
  // An empty variable means "not set": `FOO=` in an .env file should fall back to the default.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      reason: issue.message,
    })),
  );
}

function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(values, { error: `must be one of ${values.join(', ')}` }));
}

/**
 * What is wrong with `value` as a URL of one of `schemes`, or undefined. Says which part is wrong (the
 * scheme, the port, the rest) without echoing the value, which may hold a password.
 */
function urlProblem(value: string, schemes: readonly string[]): string | undefined {
  const expected = `must be a URL starting with ${schemes.map((s) => `${s}://`).join(' or ')}`;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (!scheme || !schemes.includes(scheme)) return expected;
  try {
    new URL(value);
    return undefined;
  } catch {
    // The host part, after any user:password@: a port there must be a number from 1 to 65535.
    const authority = value.slice(scheme.length + 3).split(/[/?#]/)[0] ?? '';
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(hostPort)?.[1];
    if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535))
      return 'has an invalid port: it must be a number from 1 to 65535';
    return `is not a valid URL (${expected.replace('must be ', '')})`;
  }
}

/** Field builders with messages written for operators, not for zod. */
export const envVar = {
  port: (fallback: number) =>
    z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(fallback),

  milliseconds: (fallback: number, { min = 1, max = 600_000 } = {}) =>
    z.coerce
      .number({ error: 'must be a number of milliseconds' })
      .int('must be a whole number of milliseconds')
      .min(min, `must be at least ${min} ms`)
      .max(max, `must be at most ${max} ms`)
      .default(fallback),

  count: (fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) =>
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),

  /** A URL whose scheme is one of `schemes`. Optional: an unset variable is `undefined`. */
  url: (schemes: readonly string[]) =>
    z
      .string()
      .superRefine((value, ctx) => {
        const problem = urlProblem(value, schemes);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),

  /** A comma-separated list; blanks around items are ignored, empty items are not allowed. */
  list: (fallback: readonly string[]) =>
    z
      .string()
      .transform((value) => value.split(',').map((item) => item.trim()))
      .refine(
        (items) => items.every((item) => item.length > 0),
        'must be a comma-separated list without empty items',
      )
      .default([...fallback]),

  /** One of `values`, case-insensitive; unset is `undefined`. */
  enumOf,

  /** An IANA time zone name (time-zone.ts), `fallback` when unset. */
  timeZone: (fallback: string) =>
    z.string().refine(isIanaTimeZone, 'must be an IANA time zone such as Asia/Jakarta').default(fallback),

  /** One of `values`, case-insensitive, `fallback` when unset. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
    enumOf(values).default(fallback),
};
