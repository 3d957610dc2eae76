/**
 * Runs a service's main.ts as a real process (through tsx), the way `npm start` runs it: tests of
 * configuration errors, signals and the whole wiring need a process, not an in-process app.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface ServiceProcess {
  child: ChildProcess;
  /** Every stdout line so far, parsed when it is JSON. */
  lines: unknown[];
  stderr(): string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  exited: Promise<number | string>;
  /** Waits until a stdout line satisfies `predicate`, or fails after `timeoutMs`. */
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  kill(): Promise<void>;
}

export function startServiceProcess(entry: string, env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: unknown[] = [];
  let stderr = '';
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push(line);
    }
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);

  const waitForLine: ServiceProcess['waitForLine'] = (predicate, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = lines.find(
          (line) => typeof line === 'object' && line !== null && predicate(line as never),
        );
        if (!found) return false;
        cleanup();
        resolve(found as Record<string, unknown>);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching line within ${timeoutMs} ms; stderr: ${stderr}; stdout: ${JSON.stringify(lines)}`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) waiters.add(wake);
    });

  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
