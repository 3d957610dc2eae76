import { type CheckDetails, CheckFailure, type HealthCheck } from '../../../exporter/src/health/check';
import { publicReason, runCheck, runChecks } from '../../../exporter/src/health/runner';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A check whose probe runs `behaviour`, counting calls and keeping the signals it got. */
function fakeCheck(name: string, behaviour: (signal: AbortSignal) => Promise<CheckDetails>) {
  const signals: AbortSignal[] = [];
  const check: HealthCheck & { calls: () => number; signals: AbortSignal[] } = {
    name,
    probe: (signal) => {
      signals.push(signal);
      return behaviour(signal);
    },
    close: async () => {},
    calls: () => signals.length,
    signals,
  };
  return check;
}

const codeError = (code: string, message = `${code} at postgres://user:secret@db.internal:5432/app`) =>
  Object.assign(new Error(message), { code });

describe('runCheck', () => {
  it('reports ok with an integer latency in ms', async () => {
    const check = fakeCheck('db', async () => {
      await sleep(30);
      return {};
    });
    const result = await runCheck(check, { timeoutMs: 1000 });
    expect(result).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    if (result.status !== 'ok') throw new Error('unreachable');
    expect(Number.isInteger(result.latency_ms)).toBe(true);
    expect(result.latency_ms).toBeGreaterThanOrEqual(25);
  });

  it('passes buckets through and nothing else a probe returns', async () => {
    const check = fakeCheck('minio', async () => ({ buckets: ['a', 'b'], secret: 'x' }) as CheckDetails);
    expect(await runCheck(check, { timeoutMs: 1000 })).toEqual({
      status: 'ok',
      latency_ms: expect.any(Number),
      buckets: ['a', 'b'],
    });
  });

  it('answers exactly at the deadline even when the probe ignores its signal, and aborts it', async () => {
    const check = fakeCheck('db', () => new Promise<CheckDetails>(() => {}));
    const started = Date.now();
    const result = await runCheck(check, { timeoutMs: 150 });
    const elapsed = Date.now() - started;
    expect(result).toEqual({ status: 'error', reason: 'timeout after 150 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(145);
    expect(check.signals[0]?.aborted).toBe(true);
  });

  it('ignores a probe that settles after the deadline', async () => {
    const check = fakeCheck('db', async () => {
      await sleep(120);
      throw new CheckFailure('late');
    });
    expect(await runCheck(check, { timeoutMs: 50 })).toEqual({
      status: 'error',
      reason: 'timeout after 50 ms',
    });
    await sleep(100); // the late rejection must not surface as an unhandled rejection
  });

  it('reports a CheckFailure message with the latency', async () => {
    const check = fakeCheck('minio', async () => {
      throw new CheckFailure('bucket uploads missing');
    });
    expect(await runCheck(check, { timeoutMs: 1000 })).toEqual({
      status: 'error',
      reason: 'bucket uploads missing',
      latency_ms: expect.any(Number),
    });
  });

  it('survives a probe that throws synchronously', async () => {
    const check: HealthCheck = {
      name: 'db',
      probe: () => {
        throw new Error('boom at postgres://u:p@h/db');
      },
      close: async () => {},
    };
    expect(await runCheck(check, { timeoutMs: 1000 })).toMatchObject({
      status: 'error',
      reason: 'check failed',
    });
  });

  it('never publishes raw messages, hosts, credentials or stacks', async () => {
    const check = fakeCheck('db', async () => {
      throw codeError(
        'XX000',
        'password authentication failed for user "admin" at db.internal:5432 (secret)',
      );
    });
    const text = JSON.stringify(await runCheck(check, { timeoutMs: 1000 }));
    for (const leak of ['admin', 'db.internal', 'secret', 'Error', ' at ']) expect(text).not.toContain(leak);
  });

  it('shares one probe between concurrent calls (single-flight)', async () => {
    const check = fakeCheck('db', async () => {
      await sleep(50);
      return {};
    });
    const results = await Promise.all(
      Array.from({ length: 500 }, () => runCheck(check, { timeoutMs: 1000 })),
    );
    expect(check.calls()).toBe(1);
    expect(new Set(results).size).toBe(1);
    // Once settled, the next call probes again.
    await runCheck(check, { timeoutMs: 1000 });
    expect(check.calls()).toBe(2);
  });

  it('keeps single-flight per check', async () => {
    const a = fakeCheck('a', async () => ({}));
    const b = fakeCheck('b', async () => ({}));
    await Promise.all([runCheck(a, { timeoutMs: 1000 }), runCheck(b, { timeoutMs: 1000 })]);
    expect([a.calls(), b.calls()]).toEqual([1, 1]);
  });
});

describe('runChecks', () => {
  it('runs checks in parallel and keys results by name', async () => {
    // Parallel, counted rather than timed: each slow check waits until the other has started too,
    // which would time out were they run one after the other.
    let started = 0;
    const slow = (name: string) =>
      fakeCheck(name, async () => {
        started += 1;
        while (started < 2) await sleep(5);
        return {};
      });
    const failing = fakeCheck('minio', async () => {
      throw new CheckFailure('not configured');
    });
    const results = await runChecks([slow('db'), slow('redis'), failing], { timeoutMs: 1000 });
    expect(Object.keys(results)).toEqual(['db', 'redis', 'minio']);
    expect(results.db?.status).toBe('ok');
    expect(results.minio).toMatchObject({ status: 'error', reason: 'not configured' });
  });
});

describe('publicReason', () => {
  it.each([
    ['ECONNREFUSED', 'connection refused'],
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'host not found'],
    ['ECONNRESET', 'connection reset'],
    ['ETIMEDOUT', 'timeout after 2000 ms'],
    ['28P01', 'authentication failed'],
    ['28000', 'authentication failed'],
    ['3D000', 'database not found'],
    ['57014', 'timeout after 2000 ms'],
    ['InvalidAccessKeyId', 'authentication failed'],
    ['SignatureDoesNotMatch', 'authentication failed'],
    ['AccessDenied', 'authentication failed'],
    ['42P01', 'check failed'],
  ])('maps code %s to "%s"', (code, reason) => {
    expect(publicReason(codeError(code), 2000)).toBe(reason);
  });

  it.each([
    ['NOAUTH Authentication required.', 'authentication failed'],
    ['WRONGPASS invalid username-password pair or user is disabled.', 'authentication failed'],
    ['timeout exceeded when trying to connect', 'timeout after 500 ms'],
    ['Query read timeout', 'timeout after 500 ms'],
    ['Command timed out', 'timeout after 500 ms'],
    ['Connection terminated unexpectedly', 'connection reset'],
  ])('maps driver message "%s" to "%s"', (message, reason) => {
    expect(publicReason(new Error(message), 500)).toBe(reason);
  });

  it('uses a CheckFailure message as is', () => {
    expect(publicReason(new CheckFailure('buckets a, b missing'), 2000)).toBe('buckets a, b missing');
  });

  it('treats aborts and timeout errors as timeouts', () => {
    expect(publicReason(new DOMException('aborted', 'AbortError'), 300)).toBe('timeout after 300 ms');
    expect(publicReason(new DOMException('late', 'TimeoutError'), 300)).toBe('timeout after 300 ms');
  });

  it('looks into causes and AggregateError members', () => {
    const wrapped = new Error('Connection terminated due to connection timeout', {
      cause: codeError('ECONNRESET'),
    });
    expect(publicReason(wrapped, 100)).toBe('timeout after 100 ms');
    expect(publicReason(new Error('outer', { cause: codeError('3D000') }), 100)).toBe('database not found');
    expect(publicReason(new AggregateError([codeError('ECONNREFUSED')], 'all failed'), 100)).toBe(
      'connection refused',
    );
  });

  it('falls back to "check failed" for anything else', () => {
    for (const err of [new Error('postgres://u:secret@host/db'), 'a string', null, undefined, 42, {}]) {
      expect(publicReason(err, 100)).toBe('check failed');
    }
  });

  it('survives cyclic causes', () => {
    const err: Error & { cause?: unknown } = new Error('loop');
    err.cause = err;
    expect(publicReason(err, 100)).toBe('check failed');
  });
});
