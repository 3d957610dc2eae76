/** `npm run contract:logs` as a process: files, stdin, the per-event table and the exit codes. */
import { readFileSync } from 'node:fs';
import { runProcess, startProcess } from '../support/run-process';

const CLI = 'contracts/logs/logs-cli.ts';
const FIXTURES = 'test/contracts/fixtures/logs';
const args = (...rest: string[]) => ['--import', 'tsx', CLI, ...rest];

// Each test starts tsx: slow on a loaded machine, never a measure of the command's speed.
jest.setTimeout(60_000);

test('a file with a violation: the line, the per-event table, exit 1', async () => {
  const result = await runProcess(process.execPath, args(`${FIXTURES}/missing-field.jsonl`), {});
  expect(result.code).toBe(1);
  const out = result.stdout.split('\n');
  expect(out[0]).toBe('line 1: Booking created: missing field slot');
  expect(out).toContainEqual(expect.stringMatching(/^event +lines +violations$/));
  expect(out).toContainEqual(expect.stringMatching(/^Booking created +1 +1$/));
  expect(out).toContainEqual(expect.stringMatching(/^Push notification failed +0 +0$/));
  expect(out).toContainEqual(expect.stringMatching(/^total +1 +1$/));
  expect(result.stderr).toContain('log contract: 1 violation(s)');
});

test('good lines on stdin: the table and exit 0', async () => {
  const { child, result } = startProcess(process.execPath, args('-'), {});
  child.stdin.end(readFileSync(`${FIXTURES}/good.jsonl`));
  const { code, stdout } = await result;
  expect(code).toBe(0);
  expect(stdout).toMatch(/^Request received +1 +0$/m);
  expect(stdout).toMatch(/^total +7 +0$/m);
});

test('--help prints the usage and exits 0', async () => {
  const help = await runProcess(process.execPath, args('--help'), {});
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('usage: npm run contract:logs -- <file | ->');
});

test('a missing file exits 69; an unknown option exits 64', async () => {
  const missing = await runProcess(process.execPath, args(`${FIXTURES}/no-such-file.jsonl`), {});
  expect(missing.code).toBe(69);
  expect(missing.stderr).toContain('ENOENT');
  const unknown = await runProcess(process.execPath, args('x.jsonl', '--timeout', '3'), {});
  expect(unknown.code).toBe(64);
});
