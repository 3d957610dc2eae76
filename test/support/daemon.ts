/**
 * A server binary (prometheus, prometheus-pushgateway) run for a test on a free port: resolves once
 * its readiness URL answers 200, rejects with its log if it exits or is not ready in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Daemon {
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the exit. Idempotent. */
  stop(): Promise<void>;
}

// Daemons still running when the test process exits (a suite failed before its afterAll) die with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startDaemon(
  command: string,
  args: string[],
  readyUrl: string,
  timeoutMs = 15_000,
): Promise<Daemon> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit').then(() => running.delete(child));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };

  const deadline = Date.now() + timeoutMs;
  while (
    !(await fetch(readyUrl).then(
      (res) => res.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not become ready: ${log}`);
    }
    await sleep(50);
  }
  return { child, log: () => log, stop };
}
