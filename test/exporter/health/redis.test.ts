import type { CheckResult, HealthCheck } from '../../../exporter/src/health/check';
import { redisCheck } from '../../../exporter/src/health/redis';
import { runCheck } from '../../../exporter/src/health/runner';
import { hangingServerEachTest, startHangingServer } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

/** Deadline of the tests about the deadline: a server that never answers. */
const DEADLINE_MS = 300;
/**
 * Every other test's: far above what a new connection takes on a loaded machine, so their outcome
 * (ok, refused, authentication failed) is never a timeout by chance.
 */
const TIMEOUT_MS = 10_000;
const MARGIN_MS = LOAD_MARGIN_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const checks: HealthCheck[] = [];
const track = (check: HealthCheck) => {
  checks.push(check);
  return check;
};
const run = (check: HealthCheck, timeoutMs = TIMEOUT_MS) => runCheck(check, { timeoutMs });

/** Probes until `accept` holds or `withinMs` passes; returns every result seen. */
async function until(check: HealthCheck, accept: (r: CheckResult) => boolean, withinMs: number) {
  const seen: CheckResult[] = [];
  const deadline = Date.now() + withinMs;
  for (;;) {
    const result = await run(check);
    seen.push(result);
    if (accept(result) || Date.now() > deadline) return seen;
    await sleep(50);
  }
}

function expectPublic(result: CheckResult, secrets: string[]) {
  const text = JSON.stringify(result);
  for (const leak of [...secrets, 'redis://', '127.0.0.1', 'Error', ' at ']) expect(text).not.toContain(leak);
}

let server: TestRedisServer;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  server = await startRedisServer();
});
beforeEach(() => {
  consoleError = jest.spyOn(console, 'error');
});
afterEach(async () => {
  await Promise.all(checks.splice(0).map((check) => check.close()));
  // ioredis prints "[ioredis] Unhandled error event" when nobody listens for 'error'.
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});
afterAll(async () => {
  await server.stop();
});

describe('redisCheck', () => {
  it("is named 'redis' and reports ok with a latency on the first probe", async () => {
    const check = track(redisCheck({ url: server.url, timeoutMs: TIMEOUT_MS }));
    expect(check.name).toBe('redis');
    expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('does not connect before the first probe (lazy)', async () => {
    const hung = await startHangingServer();
    try {
      track(redisCheck({ url: `redis://127.0.0.1:${hung.port}`, timeoutMs: TIMEOUT_MS }));
      await sleep(50);
      expect(hung.openConnections()).toBe(0);
    } finally {
      await hung.close();
    }
  });

  it('fails fast with "connection refused" on a closed port', async () => {
    const check = track(
      redisCheck({ url: `redis://:hunter2@127.0.0.1:${await freePort()}/3`, timeoutMs: TIMEOUT_MS }),
    );
    const result = await run(check);
    expect(result).toMatchObject({ status: 'error', reason: 'connection refused' });
    expectPublic(result, ['hunter2']);
    // Later probes do not wait for the deadline either: ioredis is between reconnect attempts.
    // (A probe that waited would report "timeout after 10000 ms" instead.)
    expect(await run(check)).toMatchObject({ status: 'error', reason: 'connection refused' });
  });

  it('reports Redis going away, then recovers on the same port without a new check', async () => {
    const own = await startRedisServer();
    try {
      const check = track(redisCheck({ url: own.url, timeoutMs: TIMEOUT_MS }));
      expect((await run(check)).status).toBe('ok');

      await own.stop();
      const down = await until(check, (r) => r.status === 'error' && r.reason === 'connection refused', 5000);
      expect(down.at(-1)).toMatchObject({ status: 'error', reason: 'connection refused' });
      for (const result of down) {
        expect(result).toMatchObject({
          status: 'error',
          reason: expect.stringMatching(/^connection (refused|closed|reset)$/),
        });
      }

      await own.start();
      const up = await until(check, (r) => r.status === 'ok', 10_000);
      expect(up.at(-1)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    } finally {
      await own.stop();
    }
  });

  describe('with a password required', () => {
    let secured: TestRedisServer;
    beforeAll(async () => {
      secured = await startRedisServer({ password: 's3cret-pw' });
    });
    afterAll(async () => {
      await secured.stop();
    });
    const withPassword = (password: string) => secured.url.replace('redis://', `redis://:${password}@`);

    it('reports a missing password as "authentication failed"', async () => {
      const result = await run(track(redisCheck({ url: secured.url, timeoutMs: TIMEOUT_MS })));
      expect(result).toMatchObject({ status: 'error', reason: 'authentication failed' });
    });

    it('reports a wrong password as "authentication failed" without echoing it', async () => {
      const result = await run(track(redisCheck({ url: withPassword('wrong-pw'), timeoutMs: TIMEOUT_MS })));
      expect(result).toMatchObject({ status: 'error', reason: 'authentication failed' });
      expectPublic(result, ['wrong-pw', 's3cret-pw']);
    });

    it('is ok with the right password', async () => {
      expect(
        await run(track(redisCheck({ url: withPassword('s3cret-pw'), timeoutMs: TIMEOUT_MS }))),
      ).toMatchObject({
        status: 'ok',
      });
    });
  });

  describe('against a server that accepts connections and never answers', () => {
    const hungServer = hangingServerEachTest();

    it('times out at the deadline, holding one socket at most', async () => {
      const check = track(
        redisCheck({ url: `redis://127.0.0.1:${hungServer().port}`, timeoutMs: DEADLINE_MS }),
      );
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(check, DEADLINE_MS)).toEqual({
          status: 'error',
          reason: `timeout after ${DEADLINE_MS} ms`,
        });
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
        expect(hungServer().openConnections()).toBeLessThanOrEqual(1);
      }
      await check.close();
      // disconnectTimeout: a half-closed socket is destroyed after DEADLINE_MS.
      await waitFor('sockets closed', () => hungServer().openConnections() === 0);
    });
  });
});
