import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortTakenError, startDaemon, startDaemonOnFreePort } from './daemon';
import { listensOn } from './listener';
import { freePort } from './ports';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const pushgatewayOn = (port: number) => ({
  args: [`--web.listen-address=127.0.0.1:${port}`],
  readyUrl: `http://127.0.0.1:${port}/-/ready`,
});

/** Another test's server on a port: it answers every URL with 200, readiness URLs included. */
let impostor: Server;
let impostorPort: number;

beforeAll(async () => {
  impostor = createServer((_req, res) => res.end('impostor'));
  impostor.listen(0, '127.0.0.1');
  await once(impostor, 'listening');
  impostorPort = (impostor.address() as AddressInfo).port;
});

afterAll(async () => {
  impostor.close();
  await once(impostor, 'close');
});

describe('listensOn', () => {
  it('knows the process holding a listening socket', async () => {
    expect(await listensOn(process.pid, impostorPort)).toBe(true);
  });

  it('is false for another process, and for a port nobody listens on', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      expect(await listensOn(sleeper.pid as number, impostorPort)).toBe(false);
      expect(await listensOn(process.pid, await freePort())).toBe(false);
    } finally {
      sleeper.kill();
    }
  });
});

describe('startDaemon', () => {
  it('rejects when its readiness URL is answered by another process', async () => {
    const { args, readyUrl } = pushgatewayOn(impostorPort);
    const started = startDaemon(PUSHGATEWAY, args, readyUrl);
    await expect(started).rejects.toBeInstanceOf(PortTakenError);
    await expect(started).rejects.toThrow(`port ${impostorPort} is held by another process`);
  });

  it('resolves once the daemon itself answers', async () => {
    const port = await freePort();
    const { args, readyUrl } = pushgatewayOn(port);
    const daemon = await startDaemon(PUSHGATEWAY, args, readyUrl);
    try {
      expect(await listensOn(daemon.child.pid as number, port)).toBe(true);
    } finally {
      await daemon.stop();
    }
  });
});

describe('startDaemonOnFreePort', () => {
  it('moves to a fresh port when the one it was given is taken', async () => {
    const offered: number[] = [];
    const ports = async () => {
      const port = offered.length === 0 ? impostorPort : await freePort();
      offered.push(port);
      return port;
    };
    const daemon = await startDaemonOnFreePort(PUSHGATEWAY, pushgatewayOn, { ports });
    try {
      expect(offered).toHaveLength(2);
      expect(daemon.port).toBe(offered[1]);
      const metrics = await (await fetch(`http://127.0.0.1:${daemon.port}/metrics`)).text();
      expect(metrics).toContain('pushgateway_build_info');
    } finally {
      await daemon.stop();
    }
  });

  it('gives up after five taken ports, with the reason', async () => {
    let offers = 0;
    const ports = async () => {
      offers++;
      return impostorPort;
    };
    await expect(startDaemonOnFreePort(PUSHGATEWAY, pushgatewayOn, { ports })).rejects.toBeInstanceOf(
      PortTakenError,
    );
    expect(offers).toBe(5);
  });

  it('does not retry a daemon that fails for another reason', async () => {
    let offers = 0;
    const ports = async () => {
      offers++;
      return freePort();
    };
    const broken = (port: number) => ({ ...pushgatewayOn(port), args: ['--no-such-flag'] });
    await expect(startDaemonOnFreePort(PUSHGATEWAY, broken, { ports })).rejects.toThrow(
      'did not become ready',
    );
    expect(offers).toBe(1);
  });
});
