/**
 * `--help` and `-h` for every command here (services, generators, benches), one way: usage, the
 * options, the environment variables it reads, on stdout, exit 0. Called first thing in an entry
 * point, so asking for help never starts, writes or connects to anything.
 */
import type { z } from 'zod';

export interface Help {
  /** `npm run dashboards [-- --check]` */
  usage: string;
  /** What the command does, a sentence or two. */
  summary: string;
  /** Flags and what they do; `-h, --help` is added. */
  options?: readonly (readonly [flag: string, meaning: string])[];
  /** The variables it reads: names with their meaning, or a config schema (names and defaults). */
  environment?: readonly (readonly [name: string, meaning: string])[] | z.ZodObject;
  /** Where the variables are documented in full. */
  seeAlso?: string;
}

/** The generators' (rules, configs, dashboards) drift check, the same flag everywhere. */
export const CHECK_OPTION = [
  '--check',
  'write nothing; exit 1 naming each generated file that is out of date',
] as const;

export function helpRequested(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Names and defaults of a zod object's fields (the defaults that are plain values). */
function schemaVariables(schema: z.ZodObject): [string, string][] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const def = (field as { def?: { type?: string; defaultValue?: unknown } }).def;
    const fallback = def?.type === 'default' ? def.defaultValue : undefined;
    const shown = Array.isArray(fallback) ? fallback.join(',') : fallback;
    return [name, ['string', 'number', 'boolean'].includes(typeof shown) ? `default ${shown}` : ''];
  });
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${right ? left.padEnd(width + 2) + right : left}`);
}

export function renderHelp(help: Help): string {
  const lines = [`Usage: ${help.usage}`, '', help.summary, '', 'Options:'];
  lines.push(...table([...(help.options ?? []), ['-h, --help', 'print this help and exit']]));
  const environment =
    help.environment === undefined
      ? []
      : Array.isArray(help.environment)
        ? help.environment
        : schemaVariables(help.environment as z.ZodObject);
  if (environment.length > 0) lines.push('', 'Environment:', ...table(environment));
  if (help.seeAlso) lines.push('', `See ${help.seeAlso}.`);
  return `${lines.join('\n')}\n`;
}

/** Prints the help and exits 0 when `argv` asks for it; returns otherwise. */
export function exitOnHelp(help: Help, argv: readonly string[] = process.argv.slice(2)): void {
  if (!helpRequested(argv)) return;
  process.stdout.write(renderHelp(help));
  process.exit(0);
}
