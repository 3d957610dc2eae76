/**
 * A server binary (prometheus, prometheus-pushgateway) run for a test on a free port: resolves once
 * its readiness URL answers 200 and the answer is its own, rejects with its log if it exits or is not
 * ready in time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { listensOn } from './listener';
import { freePort } from './ports';

export interface Daemon {
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  log(): string;
  /** SIGTERM, then waits for the exit. Idempotent. */
  stop(): Promise<void>;
}

/** The daemon's port was someone else's: its readiness URL was answered by another process. */
export class PortTakenError extends Error {
  constructor(
    readonly command: string,
    readonly port: number,
    log: string,
  ) {
    super(`${command}: port ${port} is held by another process: ${log}`);
  }
}

// Daemons still running when the test process exits (a suite failed before its afterAll) die with it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `command` and waits until `readyUrl` answers 200 from it (not from another process on its port). */
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

  const port = Number(new URL(readyUrl).port);
  const deadline = Date.now() + timeoutMs;
  while (
    !(await fetch(readyUrl).then(
      (res) => res.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      if (/address already in use/i.test(log)) throw new PortTakenError(command, port, log);
      throw new Error(`${command} did not become ready: ${log}`);
    }
    await sleep(50);
  }
  // Something answered; if it is not this child, this child lost (or is about to lose) the port.
  if (child.pid === undefined || !(await listensOn(child.pid, port))) {
    await stop();
    throw new PortTakenError(command, port, log);
  }
  return { child, log: () => log, stop };
}

const PORT_ATTEMPTS = 5;

/**
 * startDaemon on a port from freePort(), again on a fresh port (up to 5 times) when that one was
 * taken in between: another test's server, or an outgoing connection, got it first.
 */
export async function startDaemonOnFreePort(
  command: string,
  listen: (port: number) => { args: string[]; readyUrl: string },
  options: { timeoutMs?: number; ports?: () => Promise<number> } = {},
): Promise<Daemon & { port: number }> {
  const nextPort = options.ports ?? freePort;
  for (let attempt = 1; ; attempt++) {
    const port = await nextPort();
    const { args, readyUrl } = listen(port);
    try {
      return { ...(await startDaemon(command, args, readyUrl, options.timeoutMs)), port };
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw err;
    }
  }
}
