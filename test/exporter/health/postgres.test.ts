import { connect, createServer, type Server, type Socket } from 'node:net';
import { Client } from 'pg';
import type { CheckResult, HealthCheck } from '../../../exporter/src/health/check';
import { postgresCheck } from '../../../exporter/src/health/postgres';
import { runCheck } from '../../../exporter/src/health/runner';
import { hangingServerEachTest } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { adminQuery, createTestDatabase, type TestDatabase } from '../../support/postgres';
import { LOAD_MARGIN_MS } from '../../support/timing';

const TIMEOUT_MS = 300;
const MARGIN_MS = LOAD_MARGIN_MS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let db: TestDatabase;
const checks: HealthCheck[] = [];
/** A check closed after each test. */
const track = (check: HealthCheck) => {
  checks.push(check);
  return check;
};
const run = (check: HealthCheck) => runCheck(check, { timeoutMs: TIMEOUT_MS });

/** Results must not echo connection details: only fixed reasons. */
function expectPublic(result: CheckResult, secrets: string[]) {
  const text = JSON.stringify(result);
  for (const leak of [...secrets, 'postgres://', '127.0.0.1', 'Error', ' at '])
    expect(text).not.toContain(leak);
}

async function backendsOf(database: string): Promise<number> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
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
          timeoutMs: TIMEOUT_MS,
        }),
      );
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(check)).toEqual({ status: 'error', reason: `timeout after ${TIMEOUT_MS} ms` });
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      await sleep(100);
      expect(hungServer().openConnections()).toBe(0);
    });

    it('gives up by itself even if nobody aborts it', async () => {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${hungServer().port}/app`,
          timeoutMs: TIMEOUT_MS,
        }),
      );
      const started = Date.now();
      await expect(check.probe(new AbortController().signal)).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      await sleep(50);
      expect(hungServer().openConnections()).toBe(0);
    });
  });

  it('keeps at most two connections under 500 concurrent calls', async () => {
    const check = track(postgresCheck({ url: db.url, timeoutMs: 2000 }));
    const results = await Promise.all(
      Array.from({ length: 500 }, () => runCheck(check, { timeoutMs: 2000 })),
    );
    expect(results.every((result) => result.status === 'ok')).toBe(true);
    expect(await backendsOf(db.name)).toBeLessThanOrEqual(2);
  });

  it('survives PostgreSQL terminating its idle connection and recovers without restart', async () => {
    const check = track(postgresCheck({ url: db.url, timeoutMs: TIMEOUT_MS }));
    expect((await run(check)).status).toBe('ok');
    expect(await backendsOf(db.name)).toBe(1);
    // What a PostgreSQL restart does to idle connections: the pool's client gets an 'error' event.
    await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}'`);
    await sleep(100);
    expect(await run(check)).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('destroys a pooled connection whose server stopped answering mid-session', async () => {
    const proxy = await startProxy(5432);
    try {
      const check = track(
        postgresCheck({
          url: `postgres://postgres@127.0.0.1:${proxy.port}/${db.name}`,
          timeoutMs: TIMEOUT_MS,
        }),
      );
      expect((await run(check)).status).toBe('ok');
      proxy.freeze();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(check)).toEqual({ status: 'error', reason: `timeout after ${TIMEOUT_MS} ms` });
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      await sleep(100);
      expect(proxy.openSockets()).toBe(0);
      expect(await backendsOf(db.name)).toBe(0);
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
