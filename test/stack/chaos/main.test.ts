/** `npm run chaos` as a command: its help, its list of rows, and a clear refusal of unknown arguments. */
import { resolve } from 'node:path';
import { scenarios } from '../../../stack/chaos/scenarios';
import { runProcess } from '../../support/run-process';

const ROOT = resolve(__dirname, '../../..');
const chaos = (...args: string[]) =>
  runProcess(process.execPath, ['--import', 'tsx', resolve(ROOT, 'stack/chaos/main.ts'), ...args], {
    HOME: process.env.HOME ?? '',
  });

it('--help and -h print the usage, start nothing and exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    const result = await chaos(flag);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^usage: npm run chaos/);
    expect(result.stdout).toContain('--only <text>');
  }
});

it('--list prints every row with its alert and channel', async () => {
  const result = await chaos('--list');
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n')).toEqual(
    scenarios.map((s) => `${s.name}: ${s.expect.alert} by ${s.expect.channel}`),
  );
});

it('refuses an unknown argument with the usage, exit 64', async () => {
  const result = await chaos('--bogus');
  expect(result.code).toBe(64);
  expect(result.stderr).toContain('unknown argument --bogus');
  expect(result.stderr).toContain('usage: npm run chaos');
});
