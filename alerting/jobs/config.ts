/**
 * report-job's command line and environment, validated: the only reader of process.argv and
 * process.env in this command. Every problem is reported at once, naming the option or variable.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type Env, envVar, loadEnv } from '../../lib/config/env';

/** Pushgateway published on the monitoring host (docker-compose.monitoring.yml), where batch jobs run. */
export const DEFAULT_PUSHGATEWAY_URL = 'http://127.0.0.1:9091';

export const USAGE = `usage: report-job --job <name> --exit-code <0-255> [--duration <seconds>] [options]
       report-job --job <name> [options] -- <command> [args...]

Reports a batch job's result to the Pushgateway (metrics clicky_job_*). The second form runs the
command, measures it, reports its exit code and exits with it.

  --job <name>          job label: letters, digits, '.', '_', '-' (e.g. backup, deploy)
  --exit-code <n>       the job's exit code (report form only)
  --duration <seconds>  how long the job ran (report form only; measured in the second form)
  --instance <name>     optional instance label (one result per job and instance)
  --pushgateway <url>   Pushgateway base URL (default: $PUSHGATEWAY_URL or ${DEFAULT_PUSHGATEWAY_URL})
  --timeout <seconds>   deadline of each push attempt (default 5, at most 60)
  --retries <n>         further attempts after a failed push (default 2, at most 10)
  -h, --help            this text`;

export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'UsageError';
  }
}

export interface ReportJobConfig {
  job: string;
  instance?: string;
  pushgatewayUrl: string;
  /** Per push attempt. */
  timeoutMs: number;
  /** Attempts after the first failed one. */
  retries: number;
  /** Report form: the result to push. */
  report?: { exitCode: number; durationSeconds?: number };
  /** Wrapper form: the command and its arguments. */
  command?: [string, ...string[]];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const INSTANCE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

const envSchema = z.object({ PUSHGATEWAY_URL: envVar.url(['http', 'https']) });

/** `argv` without node and the script. Throws UsageError (arguments) or ConfigError (environment). */
export function parseReportJobArgs(
  argv: readonly string[],
  env: Env = process.env,
): ReportJobConfig | 'help' {
  // Everything after `--` is the wrapped command, options included.
  const split = argv.indexOf('--');
  const own = split < 0 ? [...argv] : argv.slice(0, split);
  const command = split < 0 ? [] : argv.slice(split + 1);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: own,
      strict: true,
      allowPositionals: false,
      options: {
        job: { type: 'string' },
        'exit-code': { type: 'string' },
        duration: { type: 'string' },
        instance: { type: 'string' },
        pushgateway: { type: 'string' },
        timeout: { type: 'string' },
        retries: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError([(err as Error).message]);
  }
  if (values.help) return 'help';
  const str = (name: string) => values[name] as string | undefined;
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);

  const job = str('job');
  check(job !== undefined, '--job is required');
  if (job !== undefined) check(NAME.test(job), '--job: letters, digits, ".", "_" and "-" only');
  const instance = str('instance');
  if (instance !== undefined)
    check(INSTANCE.test(instance), '--instance: letters, digits, ".", "_", ":" and "-" only');

  const wrapper = split >= 0;
  if (wrapper) {
    check(command.length > 0, 'a command is required after --');
    check(
      str('exit-code') === undefined,
      '--exit-code is not allowed with a command (its exit code is used)',
    );
    check(str('duration') === undefined, '--duration is not allowed with a command (it is measured)');
  } else check(str('exit-code') !== undefined, '--exit-code is required (or a command after --)');

  const exitCode = number(str('exit-code'), '--exit-code', { integer: true, min: 0, max: 255 }, problems);
  const duration = number(str('duration'), '--duration', { min: 0, max: 31 * 86_400 }, problems);
  const timeout = number(str('timeout'), '--timeout', { min: 0.1, max: 60 }, problems) ?? 5;
  const retries = number(str('retries'), '--retries', { integer: true, min: 0, max: 10 }, problems) ?? 2;

  const url = str('pushgateway');
  if (url !== undefined)
    check(
      envSchema.shape.PUSHGATEWAY_URL.safeParse(url).success,
      '--pushgateway: must be a http:// or https:// URL',
    );
  if (problems.length > 0) throw new UsageError(problems);
  // Read only when no flag overrides it: an invalid but unused variable does not block a report.
  const pushgatewayUrl = url ?? loadEnv(envSchema, env).PUSHGATEWAY_URL ?? DEFAULT_PUSHGATEWAY_URL;

  return {
    job: job as string,
    instance,
    pushgatewayUrl,
    timeoutMs: Math.round(timeout * 1000),
    retries,
    report: wrapper ? undefined : { exitCode: exitCode as number, durationSeconds: duration },
    command: wrapper ? (command as [string, ...string[]]) : undefined,
  };
}

function number(
  text: string | undefined,
  option: string,
  { integer = false, min, max }: { integer?: boolean; min: number; max: number },
  problems: string[],
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const ok = text.trim() !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value));
  if (!ok || value < min || value > max) {
    problems.push(`${option}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    return undefined;
  }
  return value;
}
