/**
 * `npm run contract:metrics` as a process: against the fixture API over real HTTP (it passes, and
 * fails when the fixture stops serving the contract's series), and the command line's exit codes.
 */
import { createFixtureApi, type FixtureApi } from '../../contracts/fixture-api';
import { capturedLogger } from '../support/captured-logger';
import { runProcess } from '../support/run-process';

const CLI = 'contracts/metrics-cli.ts';
const run = (...args: string[]) => runProcess(process.execPath, ['--import', 'tsx', CLI, ...args], {});

// Each test starts tsx: slow on a loaded machine, never a measure of the command's speed.
jest.setTimeout(60_000);

let api: FixtureApi;
let url: string;

beforeAll(async () => {
  api = createFixtureApi({ logger: capturedLogger().logger });
  url = await api.listen();
  // Counters have samples only once requests were answered.
  for (const [method, path] of [
    ['GET', '/bookings/17'],
    ['POST', '/bookings'],
    ['GET', '/no/such/route'],
  ] as const)
    await (await fetch(`${url}${path}`, { method })).arrayBuffer();
});

afterAll(() => api.close());

test('the fixture API meets the contract, scraped over HTTP', async () => {
  const result = await run(`${url}/metrics`);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /^metrics contract: ok, 3 metrics, \d+ series, \d+ routes \(.*\/bookings\/:id.*\) in /,
  );
  expect(result.stdout).toContain('unmatched');
});

test('a target without the contract series fails with one line per missing metric', async () => {
  api.set({ serveContract: false });
  try {
    const result = await run(`${url}/metrics`);
    expect(result.code).toBe(1);
    expect(result.stdout.trim().split('\n')).toEqual([
      'http_requests_total: missing (the contract wants a counter)',
      'http_request_duration_seconds: missing (the contract wants a histogram)',
      'http_requests_in_flight: missing (the contract wants a gauge)',
    ]);
    expect(result.stderr).toContain('metrics contract: 3 violation(s)');
  } finally {
    api.set({ serveContract: true });
  }
});

test('a target that does not answer exits 69 and says why', async () => {
  await api.stop();
  try {
    const result = await run(`${url}/metrics`, '--timeout', '5');
    expect(result.code).toBe(69);
    expect(result.stderr).toContain(`cannot fetch ${url}/metrics: ECONNREFUSED`);
  } finally {
    await api.listen();
  }
});

test('a target answering an error exits 69 with its status', async () => {
  const result = await run(`${url}/not-metrics`);
  expect(result.code).toBe(69);
  expect(result.stderr).toContain('answered 404');
});

test('--help prints the usage and exits 0', async () => {
  const help = await run('--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('usage: npm run contract:metrics -- <url | file | ->');
});

test('bad arguments exit 64 with the usage', async () => {
  const none = await run();
  expect(none.code).toBe(64);
  expect(none.stderr).toContain('missing the input to check');
  const badTimeout = await run('x.prom', '--timeout', 'soon');
  expect(badTimeout.code).toBe(64);
  expect(badTimeout.stderr).toContain('--timeout');
});
