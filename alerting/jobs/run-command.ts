/**
 * Runs the wrapped command of `report-job --job x -- command args...` with the terminal's stdio,
 * and measures it. Exit codes follow the shell, so the pushed code is what `$?` would have been:
 * 127 when the command cannot be started, 128 + the signal number when a signal killed it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandResult {
  exitCode: number;
  durationSeconds: number;
  /** Why the command could not be started (exit code 127). */
  startError?: string;
}

/** SIGTERM (docker stop, CI cancel) and SIGINT reach report-job; the command gets them too and decides. */
const FORWARDED = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

export function runCommand([command, ...args]: readonly [string, ...string[]]): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  return new Promise((resolve) => {
    // Listening before the spawn: a signal that comes as soon as the command runs is passed on too.
    let child: ChildProcess | undefined;
    const handlers = FORWARDED.map((signal) => [signal, () => child?.kill(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    child = spawn(command, args, { stdio: 'inherit' });
    const done = (result: CommandResult) => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(result);
    };
    child.once('error', (err) =>
      done({ exitCode: 127, durationSeconds: seconds(), startError: err.message }),
    );
    child.once('exit', (code, signal) => {
      const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
      done({ exitCode: code ?? 128 + signalNumber, durationSeconds: seconds() });
    });
  });
}
