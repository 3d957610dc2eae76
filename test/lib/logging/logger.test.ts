import type { AppEnv, LevelName } from '../../../lib/logging/levels';
import { createLogger, type Logger, type LoggerOptions, loggerFor } from '../../../lib/logging/logger';

/** A logger writing into an array: pino writes each line synchronously. */
function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    app: 'app',
    env: 'development',
    ...options,
    destination: { write: (line: string) => void lines.push(line) },
  });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

afterEach(() => {
  jest.useRealTimers();
});

describe('line format', () => {
  it('writes the spec example line exactly', () => {
    jest.useFakeTimers({ now: new Date('2026-02-18T10:30:00.000Z') });
    const { logger, lines } = capture({ env: 'production' });
    loggerFor(logger, 'app.api.bookings').info(
      {
        request_id: 'req-abc123',
        user_id: 'uuid-...',
        method: 'POST',
        path: '/api/v1/bookings',
        status_code: 201,
        duration_ms: 45,
        ip: '203.0.113.50',
        user_agent: 'ClickyApp/1.0',
      },
      'Booking created successfully',
    );
    expect(lines).toEqual([
      '{"timestamp":"2026-02-18T10:30:00.000Z","level":"INFO","logger":"app.api.bookings",' +
        '"message":"Booking created successfully","request_id":"req-abc123","user_id":"uuid-...",' +
        '"method":"POST","path":"/api/v1/bookings","status_code":201,"duration_ms":45,' +
        '"ip":"203.0.113.50","user_agent":"ClickyApp/1.0"}\n',
    ]);
  });

  it('stamps each line with the time it is written', () => {
    jest.useFakeTimers({ now: new Date('2026-02-18T10:30:00.000Z') });
    const { logger, records } = capture();
    logger.info('first');
    jest.setSystemTime(new Date('2026-02-18T10:31:02.345Z'));
    logger.info('second');
    expect(records().map((record) => record.timestamp)).toEqual([
      '2026-02-18T10:30:00.000Z',
      '2026-02-18T10:31:02.345Z',
    ]);
  });

  it('puts timestamp, level, logger and message first, with no pino keys', () => {
    const { logger, records } = capture();
    logger.child({ request_id: 'r1' }).warning({ z: 1, a: 2 }, 'hello %s', 'world');
    const [record] = records();
    expect(Object.keys(record ?? {})).toEqual([
      'timestamp',
      'level',
      'logger',
      'message',
      'request_id',
      'z',
      'a',
    ]);
    expect(record).toMatchObject({ level: 'WARNING', logger: 'app', message: 'hello world' });
  });

  it('always has a message, taken from an error when none is given', () => {
    const { logger, records } = capture();
    logger.info({ a: 1 });
    logger.error(new Error('boom'));
    expect(records().map((record) => record.message)).toEqual(['', 'boom']);
  });

  it('names the levels DEBUG, INFO, WARNING, ERROR, CRITICAL and has no pino names', () => {
    const { logger, records } = capture();
    const methods: LevelName[] = ['debug', 'info', 'warning', 'error', 'critical'];
    for (const method of methods) logger[method]('x');
    expect(records().map((record) => record.level)).toEqual([
      'DEBUG',
      'INFO',
      'WARNING',
      'ERROR',
      'CRITICAL',
    ]);
    const untyped = logger as unknown as Record<string, unknown>;
    expect([untyped.warn, untyped.fatal, untyped.trace]).toEqual([undefined, undefined, undefined]);
  });

  it('sends the same line to every destination', () => {
    const extra: string[] = [];
    const { logger, lines } = capture({ destinations: [{ write: (line: string) => void extra.push(line) }] });
    logger.info({ token: 'abc' }, 'to both');
    expect(lines).toHaveLength(1);
    expect(extra).toEqual(lines);
    expect(extra[0]).toContain('"token":"[REDACTED]"');
  });
});

describe('levels per environment', () => {
  const written = (env: AppEnv, level?: LevelName) => {
    const { logger, records } = capture({ env, level });
    logger.debug('d');
    logger.info('i');
    logger.warning('w');
    return records().map((record) => record.level);
  };

  it('writes DEBUG by default in development and staging, not in production', () => {
    expect(written('development')).toEqual(['DEBUG', 'INFO', 'WARNING']);
    expect(written('staging')).toEqual(['DEBUG', 'INFO', 'WARNING']);
    expect(written('production')).toEqual(['INFO', 'WARNING']);
  });

  it('honours a configured minimum level', () => {
    expect(written('staging', 'warning')).toEqual(['WARNING']);
  });

  it('refuses DEBUG in production, at creation and when changed later', () => {
    expect(() => createLogger({ app: 'app', env: 'production', level: 'debug' })).toThrow(/not allowed/);
    const { logger, records } = capture({ env: 'production' });
    logger.level = 'debug';
    logger.debug('should not appear');
    expect(records()).toEqual([]);
  });
});

describe('child loggers', () => {
  it('name the module and keep the parent bindings', () => {
    const { logger, records } = capture();
    const request = logger.child({ request_id: 'r1' });
    const health = loggerFor(request, 'exporter.health');
    health.info({ check: 'db' }, 'ok');
    loggerFor(health, 'exporter.health.db').info('renamed');
    expect(records()).toEqual([
      expect.objectContaining({ logger: 'exporter.health', request_id: 'r1', check: 'db' }),
      expect.objectContaining({ logger: 'exporter.health.db', request_id: 'r1' }),
    ]);
    expect(records().map((record) => Object.keys(record).slice(0, 5))).toEqual([
      ['timestamp', 'level', 'logger', 'message', 'request_id'],
      ['timestamp', 'level', 'logger', 'message', 'request_id'],
    ]);
    expect(health.bindings()).toEqual({ logger: 'exporter.health', request_id: 'r1' });
  });

  it('do not change their parent', () => {
    const { logger, records } = capture();
    loggerFor(logger, 'child').child({ request_id: 'r1' });
    logger.info('root');
    expect(records()).toEqual([expect.objectContaining({ logger: 'app' })]);
    expect(records()[0]).not.toHaveProperty('request_id');
  });

  it('let a field not rename the logger', () => {
    const { logger, records } = capture();
    logger.info({ logger: 'spoofed' }, 'x');
    expect(records()[0]?.logger).toBe('app');
  });
});

describe('request and response bodies', () => {
  const bodies = { body: { a: 1 }, request_body: 'q', response_body: 'r', req_body: 'q', res_body: 'r' };
  const logged = (logger: Logger) => {
    logger.info({ ...bodies, status_code: 200 }, 'request');
  };

  it('are dropped unless DEBUG is enabled', () => {
    const production = capture({ env: 'production' });
    logged(production.logger);
    const quietStaging = capture({ env: 'staging', level: 'info' });
    logged(quietStaging.logger);
    for (const { records } of [production, quietStaging]) {
      expect(records()[0]).not.toHaveProperty('body');
      expect(Object.keys(records()[0] ?? {})).toEqual([
        'timestamp',
        'level',
        'logger',
        'message',
        'status_code',
      ]);
    }
  });

  it('are written, redacted, at DEBUG', () => {
    const { logger, records } = capture({ env: 'staging' });
    logger.debug({ body: { password: 'p', note: 'n' } }, 'request');
    expect(records()[0]?.body).toEqual({ password: '[REDACTED]', note: 'n' });
  });
});

describe('errors', () => {
  const failure = () => {
    const error = new Error('query failed for postgres://app:pw123@db/clicky', {
      cause: new Error('ECONNRESET'),
    });
    error.name = 'QueryError';
    return error;
  };

  it('become error_type, error_message and a traceback with causes at ERROR', () => {
    const { logger, records } = capture();
    logger.error({ err: failure(), query_context: 'bookings.insert' }, 'Database error');
    const [record] = records();
    expect(record).toMatchObject({
      message: 'Database error',
      query_context: 'bookings.insert',
      error_type: 'QueryError',
      error_message: 'query failed for postgres://app:[REDACTED]@db/clicky',
    });
    expect(record).not.toHaveProperty('err');
    expect(record?.traceback).toMatch(
      /^QueryError: query failed for postgres:\/\/app:\[REDACTED\]@db\/clicky\n\s+at /,
    );
    expect(record?.traceback).toContain('Caused by: Error: ECONNRESET');
    expect(JSON.stringify(record)).not.toContain('pw123');
  });

  it('carry no traceback below ERROR', () => {
    const { logger, records } = capture();
    logger.warning({ error: failure() }, 'retrying');
    expect(records()[0]).toMatchObject({ error_type: 'QueryError' });
    expect(records()[0]).not.toHaveProperty('traceback');
    expect(records()[0]).not.toHaveProperty('error');
  });

  it('accept a string and let explicit fields win', () => {
    const { logger, records } = capture();
    logger.critical({ error: 'disk full', traceback: 'custom' }, 'cannot write');
    logger.error({ err: failure(), error_message: 'explicit' }, 'x');
    expect(records()[0]).toMatchObject({ error_message: 'disk full', traceback: 'custom' });
    expect(records()[1]).toMatchObject({ error_message: 'explicit', error_type: 'QueryError' });
  });
});

describe('secrets', () => {
  it('never reach the line, wherever they are passed', () => {
    const { logger, lines } = capture({ env: 'production' });
    const secrets = {
      password: 'hunter2-pw',
      bearer: 'tok-3f9a8b7c6d5e',
      card: '4111111111111111',
      email: 'jane.doe@example.com',
      signature: 'f0e1d2c3b4a59687',
      bot: 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
    };
    const child = logger.child({ api_key: 'key-in-binding', note: `mail ${secrets.email}` });
    child.info(
      {
        password: secrets.password,
        headers: { authorization: `Bearer ${secrets.bearer}` },
        payment: { card_number: secrets.card },
        url: `https://minio/b/o?X-Amz-Signature=${secrets.signature}`,
      },
      `charging ${secrets.card} via https://api.telegram.org/bot1234567:${secrets.bot}/sendMessage`,
    );
    child.error(
      { err: new Error(`login failed for ${secrets.email}, password=${secrets.password}`) },
      'auth',
    );
    const output = lines.join('');
    expect(lines).toHaveLength(2);
    for (const secret of [...Object.values(secrets), 'key-in-binding']) expect(output).not.toContain(secret);
  });
});
