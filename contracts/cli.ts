/**
 * What the two contract commands share: reading their input (a URL, a file or `-` for stdin) and
 * the exit codes: 0 the input meets the contract, 1 it does not, 64 bad arguments, 69 the input
 * cannot be had (target unreachable or answering an error, file unreadable).
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { EX_UNAVAILABLE, EX_USAGE } from '../lib/config/exit-codes';

export const EX_VIOLATIONS = 1;

export class InputError extends Error {
  override name = 'InputError';
}

export interface ReadOptions {
  /** Deadline of an HTTP fetch. */
  timeoutMs: number;
  /** The Accept header of an HTTP fetch. */
  accept?: string;
}

/** The text of `source`: an http(s) URL (a 2xx answer), `-` (stdin) or a file path. */
export async function readSource(source: string, options: ReadOptions): Promise<string> {
  if (source === '-') return text(process.stdin);
  if (/^https?:\/\//i.test(source)) {
    let res: Response;
    try {
      res = await fetch(source, {
        headers: options.accept ? { accept: options.accept } : {},
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      const { name, message, cause } = err as Error & { cause?: { code?: string; message?: string } };
      const reason =
        name === 'TimeoutError'
          ? `no answer within ${options.timeoutMs / 1000} s`
          : (cause?.code ?? cause?.message ?? message);
      throw new InputError(`cannot fetch ${source}: ${reason}`);
    }
    if (!res.ok) throw new InputError(`${source} answered ${res.status} ${res.statusText}`);
    return res.text();
  }
  try {
    return await readFile(source, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

export interface CliArgs {
  source: string;
  timeoutMs: number;
}

/**
 * `<source> [--timeout <seconds>]` (`--timeout` only where `timeout` is set), or 'help'; exits 64
 * with the usage on bad arguments.
 */
export function parseCliArgs(
  argv: readonly string[],
  usage: string,
  { timeout = false } = {},
): CliArgs | 'help' {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    return usageExit((err as Error).message, usage);
  }
  if (!timeout && parsed.values.timeout !== undefined) return usageExit('unknown option --timeout', usage);
  if (parsed.values.help) return 'help';
  const [source, ...extra] = parsed.positionals;
  if (source === undefined) return usageExit('missing the input to check', usage);
  if (extra.length > 0) return usageExit(`one input only, got also ${extra.join(' ')}`, usage);
  const seconds = Number(parsed.values.timeout ?? 10);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300)
    return usageExit('--timeout: a number of seconds, above 0 and at most 300', usage);
  return { source, timeoutMs: seconds * 1000 };
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  timeout: { type: 'string' },
} as const;

function usageExit(problem: string, usage: string): never {
  process.stderr.write(`${problem}\n\n${usage}\n`);
  process.exit(EX_USAGE);
}

/** Runs a command's main; an InputError exits 69 with its message, anything else is a bug. */
export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${name}: ${err instanceof InputError ? err.message : (err as Error).stack}\n`);
      process.exitCode = err instanceof InputError ? EX_UNAVAILABLE : 70;
    },
  );
}
