import { CheckFailure, type HealthCheck } from '../../../exporter/src/health/check';
import { redisCheck } from '../../../exporter/src/health/redis';
import { createCheckResults } from '../../../exporter/src/health/results';
import { runCheck } from '../../../exporter/src/health/runner';
import { describeError, logStateChanges } from '../../../exporter/src/health/state-log';
import { capturedLogger } from '../../support/captured-logger';
import { startRedisServer } from '../../support/redis-server';
import { waitFor } from '../../support/wait';

/**
 * Far above what a probe of the real Redis takes on a loaded machine: the outage below must be
 * seen as what it is (closed, refused), never as a timeout by chance, which would log a change.
 */
const TIMEOUT_MS = 10_000;

/** A check that fails with whatever `next` holds, or passes when it holds nothing. */
function scriptedCheck(name = 'db') {
  const state: { next?: Error } = {};
  const check: HealthCheck = {
    name,
    probe: async () => {
      if (state.next) throw state.next;
      return {};
    },
    close: async () => {},
  };
  return { check, state };
}

function setUp(secrets?: string[]) {
  const captured = capturedLogger({ level: 'info' });
  const results = createCheckResults({ listeners: [logStateChanges(captured.logger, { secrets })] });
  const probe = (check: HealthCheck) =>
    runCheck(check, { timeoutMs: TIMEOUT_MS, onResult: results.onResult });
  return { ...captured, probe };
}

describe('logStateChanges', () => {
  it('logs a real outage once when it starts and once when it ends, with the detailed error', async () => {
    const redis = await startRedisServer();
    const check = redisCheck({ url: redis.url, timeoutMs: TIMEOUT_MS });
    const { records, probe } = setUp();
    try {
      expect((await probe(check)).status).toBe('ok');
      await redis.stop();
      for (let i = 0; i < 5; i++) expect((await probe(check)).status).toBe('error');
      // A dropped connection is seen first ("connection closed"); the refused reconnect follows when
      // ioredis next dials, which on a loaded machine may take more than five probes.
      const refused = () => records().some((l) => String(l.error_message).includes('ECONNREFUSED'));
      await waitFor(
        'a refused reconnect',
        async () => {
          expect((await probe(check)).status).toBe('error');
          return refused();
        },
        10_000,
        50,
      );
      await redis.start();
      await waitFor('recovery', async () => (await probe(check)).status === 'ok', 10_000, 50);
      await probe(check);
    } finally {
      await check.close();
      await redis.stop();
    }
    const lines = records();
    // The outage may be seen as "connection reset" first, then "connection refused": a cause change.
    expect(lines[0]).toMatchObject({
      level: 'WARNING',
      message: 'Dependency check failed',
      service: 'redis',
      reason: expect.stringMatching(/^connection (refused|reset|closed)$/),
      error_message: expect.any(String),
    });
    expect(lines.at(-1)).toMatchObject({
      level: 'INFO',
      message: 'Dependency check recovered',
      service: 'redis',
      down_for_ms: expect.any(Number),
    });
    expect(lines.filter((l) => l.message === 'Dependency check failed')).toHaveLength(1);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.map((l) => l.error_message).join(' ')).toContain('ECONNREFUSED');
  });

  it('logs a change of cause, and nothing while the cause stays the same', async () => {
    const { check, state } = scriptedCheck();
    const { records, probe } = setUp();
    await probe(check);
    expect(records()).toEqual([]); // a first success is not news
    state.next = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    await probe(check);
    await probe(check);
    state.next = new CheckFailure('database not found');
    await probe(check);
    await probe(check);
    state.next = undefined;
    await probe(check);
    await probe(check);
    expect(records().map((r) => [r.level, r.message, r.reason, r.previous_reason])).toEqual([
      ['WARNING', 'Dependency check failed', 'connection refused', undefined],
      ['WARNING', 'Dependency check failure changed', 'database not found', 'connection refused'],
      ['INFO', 'Dependency check recovered', undefined, undefined],
    ]);
    expect(records()[0]).toMatchObject({
      logger: 'test',
      error_type: 'Error',
      error_message: 'connect ECONNREFUSED 10.0.0.5:5432',
    });
  });

  it('logs a failure seen on the very first probe', async () => {
    const { check, state } = scriptedCheck('minio');
    state.next = new CheckFailure('bucket uploads missing');
    const { records, probe } = setUp();
    await probe(check);
    expect(records()).toEqual([
      expect.objectContaining({
        message: 'Dependency check failed',
        service: 'minio',
        reason: 'bucket uploads missing',
      }),
    ]);
  });

  it('never logs a configured secret, whatever shape the driver gives its message', async () => {
    const url = 'postgres://clicky:s3cr/et@db.internal:5432/clicky';
    const { check, state } = scriptedCheck();
    // A password with a slash is beyond the logger's URL pattern; the configured secret still goes.
    state.next = new Error(`cannot parse ${url}; password "s3cr/et" rejected`);
    const { lines, probe } = setUp([url, 's3cr/et']);
    await probe(check);
    expect(lines.join('')).not.toContain('s3cr/et');
    expect(lines.join('')).toContain('[REDACTED]');
  });

  it('reads the errors Node wraps in an AggregateError with an empty message', () => {
    const inner = [
      Object.assign(new Error('connect ECONNREFUSED ::1:6379'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
    ];
    const aggregate = Object.assign(new AggregateError(inner, ''), { code: 'ECONNREFUSED' });
    expect(describeError(aggregate)).toBe(
      '(ECONNREFUSED); connect ECONNREFUSED ::1:6379; connect ECONNREFUSED 127.0.0.1:6379',
    );
  });
});
