import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLifecycle, installGracefulShutdown } from '../../../lib/http/graceful-shutdown';
import { capturedLogger } from '../../support/captured-logger';
import { LOAD_MARGIN_MS } from '../../support/timing';

const servers = new Set<http.Server>();

/**
 * A server whose /slow answers `ms` after it arrived, and whose /fast answers at once. `slowArrived`
 * resolves when the server is serving /slow: from then on the request is in flight, however long a
 * loaded machine took to deliver it.
 */
async function serverWithSlowRoute(ms: number) {
  let arrived = () => {};
  const slowArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const server = http.createServer((req, res) => {
    if (req.url === '/slow') {
      setTimeout(() => res.end('done'), ms).unref();
      arrived();
    }
    if (req.url === '/fast') res.end('fast');
  });
  servers.add(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, slowArrived };
}

function setUp(
  server: http.Server,
  options: { timeoutMs?: number; drainDelayMs?: number; closeFails?: boolean } = {},
) {
  const lifecycle = createLifecycle();
  const events: string[] = [];
  let exit: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    exit = resolve;
  });
  const { shutdown } = installGracefulShutdown(lifecycle, {
    server,
    logger: capturedLogger().logger,
    signals: [],
    timeoutMs: options.timeoutMs ?? 5000,
    drainDelayMs: options.drainDelayMs ?? 0,
    closeResources: async () => {
      events.push('resources closed');
      if (options.closeFails) throw new Error('pool refused to close');
    },
    exit: (code) => {
      events.push(`exit ${code}`);
      exit(code);
    },
  });
  return { lifecycle, events, exited, shutdown };
}

afterEach(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers.clear();
});

describe('graceful shutdown', () => {
  it('drains at once, lets in-flight requests finish, then closes resources and exits 0', async () => {
    const { server, url, slowArrived } = await serverWithSlowRoute(300);
    // A deadline far past the 300 ms answer, so a loaded machine still exits 0.
    const { lifecycle, events, exited, shutdown } = setUp(server, { timeoutMs: 15_000 });
    const inFlight = fetch(`${url}/slow`).then(async (res) => {
      events.push('request finished');
      return res.text();
    });
    await slowArrived;
    expect(lifecycle.draining).toBe(false);
    void shutdown('SIGTERM');
    expect(lifecycle.draining).toBe(true);
    expect(await inFlight).toBe('done');
    expect(await exited).toBe(0);
    expect(events).toEqual(['request finished', 'resources closed', 'exit 0']);
  });

  it('closes the keep-alive connection of a request in flight once it is answered, not when the client drops it', async () => {
    const { server, url, slowArrived } = await serverWithSlowRoute(300);
    // Neither side would drop the connection before the deadline: without closing it, close() waits.
    server.keepAliveTimeout = 60_000;
    const agent = new http.Agent({ keepAlive: true });
    const { exited, shutdown } = setUp(server, { timeoutMs: 15_000 });
    const inFlight = new Promise<string>((resolve, reject) => {
      http
        .get(`${url}/slow`, { agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => {
            body += chunk.toString();
          });
          res.on('end', () => resolve(body));
        })
        .on('error', reject);
    });
    await slowArrived;
    void shutdown('SIGTERM');
    expect(await inFlight).toBe('done');
    expect(await exited).toBe(0);
    agent.destroy();
  });

  it('keeps accepting during the drain delay, then refuses connections', async () => {
    const { server, url } = await serverWithSlowRoute(0);
    // A drain long enough for one local request on a loaded machine: it must be served, not refused.
    const { exited, shutdown } = setUp(server, { drainDelayMs: 5000, timeoutMs: 15_000 });
    void shutdown('SIGTERM');
    expect(await (await fetch(`${url}/fast`)).text()).toBe('fast');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/fast`)).rejects.toThrow();
  });

  it('exits 1 at the deadline when a request never finishes', async () => {
    const { server, url, slowArrived } = await serverWithSlowRoute(60_000);
    const { events, exited, shutdown } = setUp(server, { timeoutMs: 300 });
    const hung = fetch(`${url}/slow`).catch(() => 'connection closed');
    await slowArrived;
    const started = performance.now();
    void shutdown('SIGTERM');
    expect(await exited).toBe(1);
    expect(performance.now() - started).toBeLessThan(LOAD_MARGIN_MS); // the request would take 60 s
    expect(await hung).toBe('connection closed');
    expect(events).toEqual(['exit 1']);
  });

  it('exits 1 when closing resources fails', async () => {
    const { server } = await serverWithSlowRoute(0);
    const { exited, shutdown } = setUp(server, { closeFails: true });
    void shutdown('SIGTERM');
    expect(await exited).toBe(1);
  });

  it('runs once however many signals arrive', async () => {
    const { server } = await serverWithSlowRoute(0);
    const { events, shutdown } = setUp(server);
    // Both calls settle once every run they started is over, so a second run would be in `events`.
    await Promise.all([shutdown('SIGTERM'), shutdown('SIGINT')]);
    expect(events).toEqual(['resources closed', 'exit 0']);
  });
});
