/** `npm run stack` as a process: it prints the URLs, and a signal stops every child and removes its directory. */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePortRange } from '../support/ports';
import { waitFor } from '../support/wait';

// A whole stack started and stopped by a child process (tsx compiling it first): on a loaded
// two-core machine that alone can take most of a minute.
jest.setTimeout(120_000);

const MAIN = resolve(__dirname, '../../stack/main.ts');

function start(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  line(re: RegExp): Promise<string>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (l) => {
      lines.push(l);
      for (const wake of waiters) wake();
    });
  }
  const line = (re: RegExp) =>
    new Promise<string>((resolveLine, reject) => {
      const check = () => {
        const found = lines.find((l) => re.test(l));
        if (found) resolveLine(found);
        return Boolean(found);
      };
      if (check()) return;
      waiters.push(check);
      child.once('exit', () => {
        if (!check()) reject(new Error(`exited before printing ${re}: ${lines.join('\n')}`));
      });
    });
  return { child, lines, line };
}

/** Pids whose parent is `pid`. */
const childrenOf = (pid: number) =>
  readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Ends what a failed case left running: the command, else (SIGKILLed, it cannot stop them) its children. */
async function cleanUp(child: ChildProcess, children: number[]): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const exited = once(child, 'exit');
    const timer = new Promise((r) => setTimeout(r, 10_000));
    await Promise.race([exited, timer]);
  }
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of children.filter(alive)) process.kill(pid, 'SIGKILL');
}

it.each([
  ['SIGINT', false],
  ['SIGTERM', true],
] as const)('prints the URLs and stops everything on %s (fixed ports: %s)', async (signal, fixedPorts) => {
  const basePort = fixedPorts ? await freePortRange(7) : undefined;
  const stack = start({ APP_ENV: 'development', ...(basePort ? { STACK_BASE_PORT: String(basePort) } : {}) });
  let children: number[] = [];
  try {
    const ready = await stack.line(/logs in (\S+)\/logs; Ctrl-C stops everything/);
    const dir = /logs in (\S+)\/logs/.exec(ready)?.[1] ?? '';
    children = childrenOf(stack.child.pid ?? -1);
    expect(stack.lines).toContainEqual(
      expect.stringMatching(/^stack: prometheus +http:\/\/127\.0\.0\.1:\d+$/),
    );
    expect(stack.lines).toContainEqual(
      expect.stringMatching(/^stack: alertmanager +http:\/\/127\.0\.0\.1:\d+$/),
    );
    expect(children.length).toBeGreaterThanOrEqual(5); // and tsx's esbuild service
    // Prometheus is the sixth service (SERVICES), the exporter the first.
    if (basePort) expect(stack.lines).toContain(`stack: prometheus   http://127.0.0.1:${basePort + 5}`);
    if (basePort) expect(stack.lines).toContain(`stack: exporter     http://127.0.0.1:${basePort}`);
    expect(stack.lines).toContain(
      'stack: left out: relay: TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are not both set (it needs a bot)',
    );

    stack.child.kill(signal);
    const [code] = await once(stack.child, 'exit');
    expect(code).toBe(0);
    expect(stack.lines).toContainEqual('stack: stopped');
    // tsx's esbuild helper ends on its own once its parent is gone, a moment later.
    await waitFor('every child to end', () => !children.some(alive), 30_000, 50).catch(() => {});
    expect(children.filter(alive)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  } finally {
    await cleanUp(stack.child, children);
  }
});

it('exits 78 naming STACK_BASE_PORT when it is not a usable port', async () => {
  const stack = start({ STACK_BASE_PORT: '65534' });
  const [code] = await once(stack.child, 'exit');
  expect(code).toBe(78);
  expect(stack.lines.join('\n')).toMatch(
    /^stack: invalid configuration: STACK_BASE_PORT: must be a port from 1024 to/,
  );
});

it('exits 69 naming the Debian packages when a binary is missing', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'empty-path-'));
  try {
    const stack = start({ PATH: empty });
    const [code] = await once(stack.child, 'exit');
    expect(code).toBe(69);
    expect(stack.lines.join('\n')).toMatch(/sudo apt-get install prometheus prometheus-alertmanager/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
