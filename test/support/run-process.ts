/** Runs a command line to its end (or lets the test signal it), collecting its output: CLI tests. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface ProcessResult {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface StartedProcess {
  child: ChildProcessWithoutNullStreams;
  result: Promise<ProcessResult>;
}

/** Only PATH and `env` reach the process, so the test's own environment cannot leak in. */
export function startProcess(command: string, args: string[], env: Record<string, string>): StartedProcess {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const result = once(child, 'close').then(([code]): ProcessResult => ({ code, stdout, stderr }));
  return { child, result };
}

export const runProcess = (
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<ProcessResult> => startProcess(command, args, env).result;
