/**
 * One child of the local stack: spawned in its own process group (so Ctrl-C reaches the stack, which
 * stops the children in order), output to a log file, ready when its health URL answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  /** Answers 200 once the service is ready (/-/ready, /health). */
  readyUrl: string;
}

export interface ManagedProcess {
  name: string;
  pid: number;
  /** Resolves when the process has exited, for whatever reason. */
  exited: Promise<void>;
  /** Kills the process group: TERM, then KILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

// Children still running when this process exits are killed with it (a crash between start and stop).
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

export async function startProcess(spec: ProcessSpec, timeoutMs: number): Promise<ManagedProcess> {
  const log = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const managed: ManagedProcess = {
    name: spec.name,
    pid: child.pid ?? -1,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // Right away, while the group id cannot have been reused: whatever the leader left behind goes too.
      killGroup(child, 'SIGKILL');
    },
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await managed.stop();
      const why = spawnError?.message ?? `exited with ${child.exitCode ?? child.signalCode}`;
      throw new Error(`${spec.name} ${why}:\n${tail(spec.logFile)}`);
    }
    if (await answers200(spec.readyUrl)) return managed;
    if (Date.now() > deadline) {
      await managed.stop();
      throw new Error(
        `${spec.name} was not ready at ${spec.readyUrl} within ${timeoutMs} ms:\n${tail(spec.logFile)}`,
      );
    }
    await sleep(100);
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
