/**
 * The platform's JSON log line (spec section 2, "Log Format"), built on pino:
 *
 *   {"timestamp":"2026-02-18T10:30:00.000Z","level":"INFO","logger":"app.api.bookings",
 *    "message":"Booking created successfully","request_id":"req-abc123",...}
 *
 * Keys come in that order: timestamp, level, logger, message, then context fields (child
 * bindings first, then the call's fields). Every line goes through `redact`; request and
 * response bodies are dropped unless DEBUG is enabled; DEBUG is never written in production.
 *
 * How the order is achieved with pino, which writes level, time, bindings, fields, message:
 * - the level formatter emits only `level`: pino caches its output per level, so a timestamp
 *   produced there would be frozen at the logger's creation. The timestamp is prepended to
 *   the finished line by the `streamWrite` hook instead.
 * - the logger name and child bindings are kept on the logger (not in pino's bindings,
 *   which would land before the message), and the `logMethod` hook builds each line as
 *   `{ logger, message, ...bindings, ...fields }`.
 *
 * Errors passed as `err` or `error` (an Error, an error-like object or a string) become
 * `error_type` and `error_message`, plus `traceback` (the stack with its causes) at ERROR
 * and CRITICAL, which are the spec's "Database error" and "Celery task failed" fields. An
 * explicit `error_message` or `traceback` field wins.
 */
import { format } from 'node:util';
import pino from 'pino';
import { APP_ENVS, type AppEnv, allowedLevel, defaultLevel, LEVELS, type LevelName } from './levels';
import { redactEntriesInto, redactString, setEntry } from './redact';

export interface LoggerOptions {
  /** Service name, e.g. "exporter" or "relay"; becomes the root logger name and the Loki `app` label. */
  app: string;
  env: AppEnv;
  /** Minimum level; defaults to defaultLevel(env). Throws if not allowedLevel(env, level). */
  level?: LevelName;
  /** Where JSON lines go; default: stdout through an asynchronous sonic-boom (flushed on exit). */
  destination?: pino.DestinationStream;
  /** Further streams (e.g. Loki) receiving the same final, redacted lines as `destination`. */
  destinations?: pino.DestinationStream[];
}

/**
 * Has debug/info/warning/error/critical; pino's warn, fatal and trace are typed `never`.
 * `child` keeps the type: `logger.child({ request_id })` is a Logger too.
 */
export type Logger = Omit<pino.Logger<LevelName, true>, 'child'> & {
  child(bindings: pino.Bindings, options?: pino.ChildLoggerOptions<never>): Logger;
};

const NAME = Symbol('logger name');
const CONTEXT = Symbol('logger context');
const REDACTED_CONTEXT = Symbol('logger context, redacted');

/** What each logger carries besides pino's own state; children inherit it through the prototype. */
interface State {
  [NAME]: string;
  [CONTEXT]: Record<string, unknown>;
  /**
   * The logger name and context as they are printed, redacted once rather than on every line (as
   * pino serialises bindings once, at child()), for bodies dropped [0] or kept [1]. Reset
   * whenever the name or the context change; every logger has its own (see installBindings).
   */
  [REDACTED_CONTEXT]: [Bindings?, Bindings?];
}

type Bindings = Record<string, unknown>;
type PinoChild = (this: Logger, bindings: Bindings, options?: pino.ChildLoggerOptions<never>) => Logger;

export function createLogger(options: LoggerOptions): Logger {
  const { app, env } = options;
  if (!APP_ENVS.includes(env)) throw new Error(`unknown environment "${env}"`);
  const level = options.level ?? defaultLevel(env);
  if (!(level in LEVELS)) throw new Error(`unknown log level "${level}"`);
  if (!allowedLevel(env, level)) throw new Error(`log level "${level}" is not allowed in ${env}`);
  const debugAllowed = allowedLevel(env, 'debug');

  const root = pino<LevelName, true>(
    {
      customLevels: LEVELS,
      useOnlyCustomLevels: true,
      level,
      base: null,
      timestamp: false,
      messageKey: 'message',
      formatters: { level: (label) => ({ level: label.toUpperCase() }) },
      hooks: {
        logMethod(args, method, levelValue) {
          // Guards a `logger.level = 'debug'` set at run time, not only the configured level.
          if (levelValue < LEVELS.info && !debugAllowed) return;
          const dropBodies = !(debugAllowed && this.isLevelEnabled('debug'));
          const line = buildLine(this as unknown as State, args as unknown[], levelValue, dropBodies);
          method.call(this, line);
        },
        streamWrite: (line) => `{"timestamp":"${new Date().toISOString()}",${line.slice(1)}`,
      },
    },
    destinationFor(options),
  );

  const state = root as unknown as State;
  state[NAME] = app;
  state[CONTEXT] = {};
  state[REDACTED_CONTEXT] = [];
  installBindings(root);
  return root as unknown as Logger;
}

/** Child logger for a module: loggerFor(root, 'exporter.health'). The name replaces the parent's. */
export function loggerFor(parent: Logger, name: string): Logger {
  return parent.child({ logger: name });
}

function destinationFor(options: LoggerOptions): pino.DestinationStream {
  const primary = options.destination ?? pino.destination({ dest: 1, sync: false });
  const extra = options.destinations ?? [];
  if (extra.length === 0) return primary;
  // The logger filters by level already; every stream takes every line it is given.
  return pino.multistream<LevelName>(
    [primary, ...extra].map((stream) => ({ stream, level: 'debug' })),
    { levels: LEVELS, dedupe: false },
  );
}

/**
 * Replaces pino's child/bindings/setBindings so that bindings stay out of pino's prefix
 * (see the module comment). A `logger` binding renames the child instead of being repeated.
 */
function installBindings(root: pino.Logger<LevelName, true>): void {
  const pinoChild = root.child as unknown as PinoChild;
  const methods = {
    child(this: Logger & State, bindings: Bindings, options?: pino.ChildLoggerOptions<never>) {
      const instance = pinoChild.call(this, {}, options) as Logger & State;
      const { logger, ...context } = bindings;
      if (logger !== undefined) instance[NAME] = String(logger);
      instance[CONTEXT] = { ...this[CONTEXT], ...context };
      // Its own, or it would read the parent's through the prototype.
      instance[REDACTED_CONTEXT] = [];
      return instance;
    },
    bindings(this: Logger & State) {
      return { logger: this[NAME], ...this[CONTEXT] };
    },
    setBindings(this: Logger & State, bindings: Bindings) {
      const { logger, ...context } = bindings;
      if (logger !== undefined) this[NAME] = String(logger);
      this[CONTEXT] = { ...this[CONTEXT], ...context };
      this[REDACTED_CONTEXT] = [];
    },
  };
  Object.assign(root, methods);
}

/**
 * `{ logger, message, ...context, ...fields }`, redacted, from the arguments of a call such as
 * `logger.info(fields, message)`. The line is built redacted (the cached context, then the
 * fields copied through the redaction walker) rather than built and then copied again.
 */
function buildLine(self: State, args: unknown[], levelValue: number, dropBodies: boolean): Bindings {
  const [first, ...rest] = args;
  let fields: Bindings;
  let message: string | undefined;
  if (first instanceof Error) {
    fields = { err: first };
    message = formatMessage(rest);
  } else if (typeof first === 'object') {
    fields = (first ?? {}) as Bindings;
    message = formatMessage(rest);
  } else {
    fields = {};
    message = formatMessage(args);
  }

  // A fresh literal and the same stores in the same order on every line keep V8's hidden classes
  // shared (a spread of the cached object gave each line its own, and the stores went slow).
  const context = redactedContext(self, dropBodies);
  const line: Bindings = { logger: context.logger, message: '' };
  for (const key of Object.keys(context)) if (key !== 'logger') setEntry(line, key, context[key]);
  const errorKey = 'err' in fields ? 'err' : 'error' in fields ? 'error' : undefined;
  const described = errorKey === undefined ? undefined : describeError(fields[errorKey]);
  redactEntriesInto(line, fields, { dropBodies });
  if (errorKey !== undefined && described !== undefined) {
    delete line[errorKey];
    const extra: Bindings = {};
    if (described.type !== undefined) extra.error_type = described.type;
    extra.error_message = fields.error_message ?? described.message;
    const traceback = fields.traceback ?? described.traceback;
    if (levelValue >= LEVELS.error && traceback !== undefined) extra.traceback = traceback;
    redactEntriesInto(line, extra, { dropBodies });
  }
  // Reassigned last so the fixed keys keep their place and fields cannot rename the logger.
  line.logger = redactedContext(self, dropBodies).logger;
  line.message = redactString(message ?? stringOr(fields.message) ?? described?.message ?? '');
  return line;
}

/** `{ logger, message: '', ...context }` redacted, computed once per logger and bodies setting. */
function redactedContext(self: State, dropBodies: boolean): Bindings {
  const cache = self[REDACTED_CONTEXT];
  const slot = dropBodies ? 0 : 1;
  let context = cache[slot];
  if (context === undefined) {
    context = redactEntriesInto({ logger: redactString(self[NAME]), message: '' }, self[CONTEXT], {
      dropBodies,
    });
    cache[slot] = context;
  }
  return context;
}

function formatMessage(args: unknown[]): string | undefined {
  if (args.length === 0 || args[0] === undefined) return undefined;
  return args.length === 1 ? String(args[0]) : format(...args);
}

function stringOr(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

interface DescribedError {
  type?: string;
  message: string;
  traceback?: string;
}

function describeError(value: unknown): DescribedError | undefined {
  if (typeof value === 'string') return { message: value };
  if (typeof value !== 'object' || value === null) return undefined;
  const { name, message } = value as { name?: unknown; message?: unknown };
  if (!(value instanceof Error) && typeof message !== 'string') return undefined;
  return {
    type: typeof name === 'string' ? name : undefined,
    message: String(message),
    traceback: traceback(value),
  };
}

/** The stack, followed by the stacks of its causes ("Caused by: ..."), a few levels deep. */
function traceback(error: object): string | undefined {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { stack, message, cause } = current as { stack?: unknown; message?: unknown; cause?: unknown };
    const text = typeof stack === 'string' ? stack : typeof message === 'string' ? message : undefined;
    if (text === undefined) break;
    parts.push(depth === 0 ? text : `Caused by: ${text}`);
    current = cause;
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}
