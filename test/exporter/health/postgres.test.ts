import { connect, createServer, type Server, type Socket } from 'node:net';
import type { CheckResult, HealthCheck } from '../../../exporter/src/health/check';
import { postgresCheck } from '../../../exporter/src/health/postgres';
import { runCheck } from '../../../exporter/src/health/runner';
import { backends, waitForNoBackends } from '../../support/business-db';
import { hangingServerEachTest } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

/** Deadline of the tests about the deadline: a server that never answers. */
const DEADLINE_MS = 300;
/** Every other test's: far above what a new connection takes on a loaded machine, never reached. */
const TIMEOUT_MS = 10_000;
const MARGIN_MS = LOAD_MARGIN_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
const checks: HealthCheck[] = [];
/** A check closed after each test. */
const track = (check: HealthCheck) => {
  checks.push(check);
  return check;
};
const run = (check: HealthCheck, timeoutMs = TIMEOUT_MS) => runCheck(check, { timeoutMs });

/** Results must not echo connection details: only fixed reasons. */
function expectPublic(result: CheckResult, secrets: string[]) {
  const text = JSON.stringify(result);
  for (const leak of [...secrets, 'postgres://', '127.0.0.1', 'Error', ' at '])
    expect(text).not.toContain(leak);
}

beforeAll(async () => {
  db = await createTestDatabase('health_pg');
});
afterEach(async () => {
  await Promise.all(checks.splice(0).map((check) => check.close()));
});
afterAll(async () => {
  await db.drop();
});

describe('postgresCheck', () => {
  it("is named 'db' and reports ok with a latency", async () => {
    const check = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    expect(check.name).toBe('db');
    expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('reports a role that does not exist as "authentication failed" (trust auth checks no password)', async () => {
    const url = `postgres://no_such_role:hunter2@127.0.0.1:5432/${db.name}`;
    const result = await run(track(postgresCheck({ url, timeoutMs: TIMEOUT_MS })));
    expect(result).toEqual({
      status: 'error',
      reason: 'authentication failed',
      latency_ms: expect.any(Number),
    });
    expectPublic(result, ['hunter2', 'no_such_role', db.name]);
  });

  it('reports a database that does not exist', async () => {
    const url = `postgres://postgres@127.0.0.1:5432/${db.name}_missing`;
    const result = await run(track(postgresCheck({ url, timeoutMs: TIMEOUT_MS })));
    expect(result).toMatchObject({ status: 'error', reason: 'database not found' });
    expectPublic(result, [db.name]);
  });

  it('reports a closed port as "connection refused"', async () => {
    const url = `postgres://postgres:hunter2@127.0.0.1:${await freePort()}/app`;
    const result = await run(track(postgresCheck({ url, timeoutMs: TIMEOUT_MS })));
    expect(result).toMatchObject({ status: 'error', reason: 'connection refused' });
    expectPublic(result, ['hunter2']);
  });

  describe('against a server that accepts connections and never answers', () => {
    const hungServer = hangingServerEachTest();

    it('times out at the deadline and releases the connection', async () => {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${hungServer().port}/app`,
          timeoutMs: DEADLINE_MS,
        }),
      );
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(check, DEADLINE_MS)).toEqual({
          status: 'error',
          reason: `timeout after ${DEADLINE_MS} ms`,
        });
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      }
      await waitFor('sockets closed', () => hungServer().openConnections() === 0);
    });

    it('gives up by itself even if nobody aborts it', async () => {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${hungServer().port}/app`,
          timeoutMs: DEADLINE_MS,
        }),
      );
      const started = Date.now();
      await expect(check.probe(new AbortController().signal)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      await waitFor('sockets closed', () => hungServer().openConnections() === 0);
    });
  });

  it('keeps at most two connections under 500 concurrent calls', async () => {
    await waitForNoBackends(db.name); // earlier tests' closed connections, still exiting
    const check = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    const results = await Promise.all(Array.from({ length: 500 }, () => run(check)));
    expect(results.every((result) => result.status === 'ok')).toBe(true);
    expect(await backends(db.name)).toBeLessThanOrEqual(2);
  });

  it('survives PostgreSQL terminating its idle connection and recovers without restart', async () => {
    await waitForNoBackends(db.name); // earlier tests' closed connections, still exiting
    const check = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    expect((await run(check)).status).toBe('ok');
    expect(await backends(db.name)).toBe(1);
    // What a PostgreSQL restart does to idle connections: the pool's client gets an 'error' event
    // (the backend's FATAL message, sent before it exits). Once the backend is gone, the pool has
    // dropped the client, and the probe must connect afresh rather than fail.
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
    await waitForNoBackends(db.name);
    expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('destroys a pooled connection whose server stopped answering mid-session', async () => {
    const proxy = await startProxy(5432);
    try {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${proxy.port}/${db.name}`,
          timeoutMs: DEADLINE_MS,
        }),
      );
      // A pooled connection first. Connecting within the short deadline may take a few tries on a
      // loaded machine; a check that never answers ok still fails here.
      await waitFor('a first ok', async () => (await run(check, DEADLINE_MS)).status === 'ok', 15_000);
      proxy.freeze();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(check, DEADLINE_MS)).toEqual({
          status: 'error',
          reason: `timeout after ${DEADLINE_MS} ms`,
        });
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      }
      // Destroyed, not kept idle in the pool (for 30 s): the proxy and the backend see it close.
      await waitFor('sockets closed', () => proxy.openSockets() === 0);
      await waitForNoBackends(db.name);
    } finally {
      await proxy.stop();
    }
  });

  it('reports PostgreSQL going away, then recovers when it comes back on the same address', async () => {
    const proxy = await startProxy(5432);
    try {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${proxy.port}/${db.name}`,
          timeoutMs: TIMEOUT_MS,
        }),
      );
      expect((await run(check)).status).toBe('ok');
      await proxy.stop();
      await sleep(50);
      expect(await run(check)).toMatchObject({ status: 'error', reason: 'connection refused' });
      await proxy.start();
      expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    } finally {
      await proxy.stop();
    }
  });
});

/**
 * A TCP proxy to 127.0.0.1:<target>: stop() drops every connection and closes the port (a crash);
 * freeze() makes it a hung server.
 */
async function startProxy(target: number) {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const keep = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket)).on('error', () => {});
  };
  const replies = new Set<Socket>();
  let frozen = false;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        keep(client);
        if (frozen) return client.resume();
        const upstream = connect(target, '127.0.0.1');
        keep(upstream);
        replies.add(upstream);
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => {
          replies.delete(upstream);
          client.destroy();
        });
      });
      server.once('error', reject).listen(port, '127.0.0.1', () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (current) current.close(() => resolve());
      else resolve();
    });
  /** PostgreSQL stops answering: replies are held back, new connections are accepted and ignored. */
  const freeze = () => {
    frozen = true;
    for (const upstream of replies) upstream.unpipe();
  };
  await start();
  return { port, start, stop, freeze, openSockets: () => sockets.size };
}
