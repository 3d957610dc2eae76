/**
 * `npm run contract:logs -- <file or ->`: checks JSON log lines against the log contract and prints
 * each violation with its line number, then a table per event. See USAGE.
 */
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { EX_VIOLATIONS, InputError, parseCliArgs, runCli } from '../cli';
import { createLogChecker, type LogReport } from './check-logs';
import { SCHEMA_FILE } from './log-schema';

const USAGE = `usage: npm run contract:logs -- <file | -> [--help]

Checks JSON log lines (a file, or stdin with -) against the log contract (${SCHEMA_FILE},
generated from lib/logging/events.ts):
  - every line: a JSON object starting with timestamp (UTC ISO 8601), level (DEBUG, INFO, WARNING,
    ERROR or CRITICAL), logger and message, in that order;
  - a line whose message is one of the spec's 18 events: the event's level and fields, with their types;
  - no personal data or secrets in any value or key (e-mail addresses, card numbers, bearer and
    basic credentials, JWTs, passwords, presigned URLs...: what lib/logging would redact), and
    request/response bodies only at DEBUG.
Prints each violation with its line number, then lines and violations per event. Exits 1 on any
violation, 0 otherwise; 64 on bad arguments, 69 when the file cannot be read.`;

async function input(source: string): Promise<Readable> {
  if (source === '-') return process.stdin;
  try {
    return (await open(source)).createReadStream({ encoding: 'utf8' });
  } catch (err) {
    throw new InputError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

export function formatReport(report: LogReport): string {
  const out: string[] = [];
  for (const v of report.violations) out.push(`line ${v.line}: ${v.event ? `${v.event}: ` : ''}${v.reason}`);
  if (out.length > 0) out.push('');
  const width = Math.max(5, ...report.tallies.map((t) => t.event.length));
  const row = (event: string, lines: string | number, violations: string | number) =>
    `${event.padEnd(width)}  ${String(lines).padStart(6)}  ${String(violations).padStart(10)}`;
  out.push(row('event', 'lines', 'violations'));
  for (const t of report.tallies) out.push(row(t.event, t.lines, t.violations));
  out.push(row('total', report.lines, report.violations.length));
  return `${out.join('\n')}\n`;
}

runCli('contract:logs', async () => {
  const args = parseCliArgs(process.argv.slice(2), USAGE);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const checker = createLogChecker();
  let lineNumber = 0;
  for await (const line of createInterface({
    input: await input(args.source),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    checker.add(line, ++lineNumber);
  const report = checker.report();
  process.stdout.write(formatReport(report));
  if (report.violations.length > 0) {
    process.stderr.write(`log contract: ${report.violations.length} violation(s) in ${args.source}\n`);
    return EX_VIOLATIONS;
  }
  return 0;
});
