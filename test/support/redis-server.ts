import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './ports';

export interface RedisServerOptions {
  /** Sets `requirepass`: clients must authenticate. */
  password?: string;
}

export interface TestRedisServer {
  /** redis://127.0.0.1:<port> (without the password). */
  url: string;
  port: number;
  /** Kills the server like a crash (SIGKILL: clients get no goodbye); the port is then closed. Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
}

const START_TIMEOUT_MS = 5000;

// Servers still running when the test process exits (a suite failed before its afterAll) are
// killed with it, so no redis-server outlives the run.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Spawns a private `redis-server` on a free port, without persistence. Call stop() in afterAll. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (options.password) args.push('--requirepass', options.password);
  let child: ChildProcess | undefined;

  const start = async () => {
    if (child) return;
    child = await spawnReady(args);
    const current = child;
    running.add(current);
    current.once('exit', () => {
      running.delete(current);
      if (child === current) child = undefined;
    });
  };
  const stop = async () => {
    const current = child;
    if (!current) return;
    child = undefined;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop };
}

/** Resolves once redis-server logs that it accepts connections; rejects if it exits or hangs first. */
function spawnReady(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`redis-server ${why}: ${output.slice(-500)}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), START_TIMEOUT_MS);
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child
          .removeAllListeners('exit')
          .removeAllListeners('error')
          .on('error', () => {});
        child.stdout?.removeAllListeners('data').resume();
        child.stderr?.removeAllListeners('data').resume();
        resolve(child);
      }
    });
  });
}
