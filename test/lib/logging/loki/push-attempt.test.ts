import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describeError, type PushTarget, startPushAttempt } from '../../../../lib/logging/loki/push-attempt';
import { type LokiEntry, msToNs } from '../../../../lib/logging/loki/push-request';
import { type FakeLoki, startFakeLoki } from '../../../support/fake-loki';
import { waitFor } from '../../../support/wait';

let loki: FakeLoki;

beforeEach(async () => {
  loki = await startFakeLoki();
});

afterEach(async () => {
  await loki.close();
});

/** A deadline out of reach of scheduling delays, except in the tests about deadlines. */
function target(options: Partial<PushTarget> = {}): PushTarget {
  return {
    url: `${loki.url}/loki/api/v1/push`,
    labels: { app: 'exporter', env: 'test' },
    timeoutMs: 10_000,
    ...options,
  };
}

const entries = (count: number): LokiEntry[] =>
  Array.from({ length: count }, (_, i) => ({ level: 'info', tsNs: msToNs(Date.now()), line: `line ${i}` }));

/** V8's full garbage collection, which tests only reach through this flag. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

test('sends the entries as one JSON push, with the headers, and says so', async () => {
  const attempt = startPushAttempt(target({ headers: { 'X-Scope-OrgID': 'clicky' } }), entries(2));
  expect(await attempt.outcome).toEqual({ kind: 'sent' });
  expect(loki.entries().map((e) => [e.tenant, e.labels, e.line])).toEqual([
    ['clicky', { app: 'exporter', env: 'test', level: 'info' }, 'line 0'],
    ['clicky', { app: 'exporter', env: 'test', level: 'info' }, 'line 1'],
  ]);
});

test.each([429, 500, 503])("a %i is worth a retry, with Loki's answer as the reason", async (status) => {
  loki.failNext(1, status);
  const { outcome } = startPushAttempt(target(), entries(3));
  expect(await outcome).toEqual({
    kind: 'retry',
    failure: { at: expect.any(String), status, reason: expect.stringMatching(/\S/), lines: 3 },
  });
});

test('a 400 is a rejection: Loki will refuse the batch again', async () => {
  loki.failNext(1, 400);
  expect(await startPushAttempt(target(), entries(1)).outcome).toMatchObject({
    kind: 'rejected',
    failure: { status: 400, reason: 'fake-loki: injected 400', lines: 1 },
  });
});

test('a refused connection is worth a retry, with the error code as the reason', async () => {
  await loki.down();
  const outcome = await startPushAttempt(target(), entries(1)).outcome;
  expect(outcome).toMatchObject({ kind: 'retry', failure: { reason: 'fetch failed: ECONNREFUSED' } });
  expect(outcome.kind !== 'sent' && 'status' in outcome.failure).toBe(false);
});

test('a hung Loki: the attempt gives up at its deadline, worth a retry', async () => {
  loki.hang(true);
  const started = Date.now();
  // A push that waited for Loki forever would not settle before jest's timeout: no bound of our own.
  const outcome = await startPushAttempt(target({ timeoutMs: 100 }), entries(1)).outcome;
  expect(outcome).toMatchObject({
    kind: 'retry',
    failure: { reason: expect.stringMatching(/^TimeoutError/) },
  });
  expect(Date.now() - started).toBeGreaterThanOrEqual(95);
});

test('the deadline holds when garbage is collected while Loki hangs', async () => {
  // Regression: a deadline made of AbortSignal.any([..., AbortSignal.timeout(ms)]) is collected
  // with the garbage in Node 20, and the push then waits forever.
  expect(await startPushAttempt(target(), entries(1)).outcome).toEqual({ kind: 'sent' }); // fetch() warm
  loki.hang(true);
  const attempt = startPushAttempt(target({ timeoutMs: 200 }), entries(1));
  let settled = false;
  void attempt.outcome.then(() => {
    settled = true;
  });
  // Collected once fetch() waits for Loki (earlier, its own pending work still holds the signals).
  // Should CPU load delay the push past its deadline, the test proves less, but cannot fail.
  await waitFor('the push to reach Loki', () => loki.pushes().length === 2 || settled);
  collectGarbage();
  expect(await attempt.outcome).toMatchObject({
    kind: 'retry',
    failure: { reason: expect.stringMatching(/^TimeoutError/) },
  });
});

test('abort() gives up at once, with its reason, worth a retry', async () => {
  loki.hang(true);
  const attempt = startPushAttempt(target({ timeoutMs: 30_000 }), entries(1));
  await waitFor('the push to reach Loki', () => loki.pushes().length === 1);
  attempt.abort('closed before Loki answered');
  // Without the abort it would settle at its 30 s deadline, past jest's timeout, and as a TimeoutError.
  expect(await attempt.outcome).toMatchObject({
    kind: 'retry',
    failure: { reason: 'Error: closed before Loki answered', lines: 1 },
  });
});

describe('describeError', () => {
  test('brings out what fetch hides in `cause`: a code, else a message', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const other = Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') });
    expect(describeError(refused)).toBe('fetch failed: ECONNREFUSED');
    expect(describeError(other)).toBe('fetch failed: other side closed');
  });

  test('names other errors, including from another realm, and copes with non-errors', () => {
    expect(describeError(runInNewContext('new RangeError("nope")'))).toBe('RangeError: nope');
    expect(describeError('a string')).toBe('a string');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError({ message: 'x'.repeat(1000) })).toHaveLength(500);
  });
});
