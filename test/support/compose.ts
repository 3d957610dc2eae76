/**
 * `docker-compose config` (Debian's docker-compose, v1: validates and interpolates the file without a
 * Docker engine) with an env file written from .env.example plus the given values.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const root = resolve(__dirname, '../..');

/** .env.example's variables, in order (empty string for the secrets it leaves blank). */
export function envExample(): Map<string, string> {
  const text = readFileSync(resolve(root, '.env.example'), 'utf8');
  return new Map(
    [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1] as string, m[2] as string] as const),
  );
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period?: string };
  restart?: string;
  volumes?: string[];
  expose?: string[];
  ports?: string[];
  networks?: Record<string, unknown>;
  tmpfs?: string[];
  /** Compose profiles that start it; none: always. */
  profiles?: string[];
  depends_on?: Record<string, unknown>;
}

export interface ComposeResult {
  status: number | null;
  output: string;
  config?: { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
}

/** Runs `docker-compose -f <files...> --env-file <tmp> config` from the repository root. */
export function composeConfig(files: string[], values: Record<string, string>): ComposeResult {
  return withEnvFile(values, (args, options) => {
    const result = spawnSync('docker-compose', [...files.flatMap((f) => ['-f', f]), ...args], options);
    if (result.error) throw cannotRun(result.error);
    return toResult(result.status, result.stdout, result.stderr);
  });
}

/** The same, without blocking: several runs can overlap (docker-compose v1 takes a second or two to start). */
export function composeConfigAsync(files: string[], values: Record<string, string>): Promise<ComposeResult> {
  return withEnvFile(
    values,
    (args, options) =>
      new Promise<ComposeResult>((resolveResult, reject) => {
        execFile(
          'docker-compose',
          [...files.flatMap((f) => ['-f', f]), ...args],
          options,
          (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') reject(cannotRun(error));
            else resolveResult(toResult(error ? (error.code as number) : 0, stdout, stderr));
          },
        );
      }),
  );
}

type Options = { cwd: string; encoding: 'utf8'; env: Record<string, string> };

function withEnvFile<T>(values: Record<string, string>, run: (args: string[], options: Options) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'compose-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const env = new Map([...envExample(), ...Object.entries(values)]);
  const envFile = join(dir, '.env');
  writeFileSync(envFile, [...env].map(([k, v]) => `${k}=${v}`).join('\n'));
  // A bare environment: variables of the test process would override the env file.
  const options: Options = { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } };
  try {
    const result = run(['--env-file', envFile, 'config'], options);
    if (result instanceof Promise) return result.finally(cleanup) as T;
    cleanup();
    return result;
  } catch (err) {
    cleanup();
    throw err;
  }
}

const cannotRun = (error: Error) =>
  new Error(`cannot run docker-compose (Debian package docker-compose): ${error.message}`);

function toResult(status: number | null, stdout: string, stderr: string): ComposeResult {
  return { status, output: `${stdout}${stderr}`, config: status === 0 ? parse(stdout) : undefined };
}
