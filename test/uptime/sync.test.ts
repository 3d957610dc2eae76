/** uptime:sync against the local fake of UptimeRobot's v2 API. */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { allMonitors } from '../../uptime/monitors';
import { runSync } from '../../uptime/sync';
import { type FakeUptimeRobot, startFakeUptimeRobot } from '../support/fake-uptimerobot';
import { freePort } from '../support/ports';

const KEY = 'u9876543-secretsecretsecretsecret';
let api: FakeUptimeRobot;
let lines: string[];

beforeEach(async () => {
  api = await startFakeUptimeRobot(KEY);
  lines = [];
});
afterEach(() => api.close());

const sync = (apply: boolean, key = KEY) =>
  runSync({
    apply,
    env: { UPTIMEROBOT_API_KEY: key, UPTIMEROBOT_API_URL: api.url },
    print: (line) => lines.push(line),
    sleep: async () => {},
  });
const writes = () => api.calls.filter((c) => c.method === 'newMonitor' || c.method === 'editMonitor');

test('a dry run prints the plan and changes nothing', async () => {
  expect(await sync(false)).toBe(0);
  expect(writes()).toEqual([]);
  expect(lines[0]).toMatch(/dry run/);
  expect(lines.filter((l) => l.startsWith('create'))).toHaveLength(allMonitors.length);
});

test('--apply creates the monitors with the spec intervals and channels; a second run changes nothing', async () => {
  expect(await sync(true)).toBe(0);
  expect(
    api.monitors.map((m) => [m.friendly_name, m.url, m.type, m.interval, m.alert_contacts.map((c) => c.id)]),
  ).toEqual([
    ['API Health', 'https://api.clicky.or.id/health', 1, 300, ['2001', '2002']],
    ['API Ready', 'https://api.clicky.or.id/health/ready', 1, 300, ['2002']],
    ['Website', 'https://www.sahabatkhairat.or.id', 1, 300, ['2001']],
    ['MinIO Console', 'https://storage.clicky.or.id/minio/health/live', 1, 900, ['2002']],
    ['Alerting Pipeline', 'https://relay.clicky.or.id/health/pipeline', 1, 300, ['2001', '2002']],
  ]);
  const before = writes().length;
  lines = [];
  expect(await sync(true)).toBe(0);
  expect(writes()).toHaveLength(before);
  expect(lines.filter((l) => l.startsWith('unchanged'))).toHaveLength(allMonitors.length);
});

test('--apply edits a drifted monitor, found by name, and leaves undeclared ones alone', async () => {
  await sync(true);
  const ready = api.monitors.find((m) => m.friendly_name === 'API Ready');
  if (!ready) throw new Error('API Ready not created');
  Object.assign(ready, { url: 'https://old.example/ready', interval: 600, alert_contacts: [] });
  api.monitors.push({ ...ready, id: 1, friendly_name: 'Someone else', url: 'https://other.example' });
  lines = [];
  expect(await sync(true)).toBe(0);
  expect(lines).toContainEqual(
    `update    API Ready (id ${ready.id}): url https://old.example/ready -> https://api.clicky.or.id/health/ready; interval 600 -> 300; alert_contacts (none) -> 2002`,
  );
  expect(ready).toMatchObject({ url: 'https://api.clicky.or.id/health/ready', interval: 300 });
  expect(lines).toContainEqual(expect.stringMatching(/^unmanaged Someone else \(id 1/));
  expect(api.monitors).toHaveLength(allMonitors.length + 1);
});

test('a monitor of another type is a conflict: reported, not touched, exit 1', async () => {
  api.monitors.push({
    id: 5,
    friendly_name: 'Website',
    url: 'https://www.sahabatkhairat.or.id',
    type: 2,
    interval: 300,
    status: 2,
    alert_contacts: [],
  });
  expect(await sync(true)).toBe(1);
  expect(lines).toContainEqual(expect.stringMatching(/^conflict {2}Website \(id 5\): its type is 2/));
  expect(writes().filter((w) => w.fields.id === '5')).toEqual([]);
});

test('a missing alert contact stops before any change, naming it', async () => {
  api.contacts = api.contacts.filter((c) => c.friendly_name !== 'Telegram');
  expect(await sync(true)).toBe(1);
  expect(lines).toEqual([
    expect.stringMatching(/no alert contact named "Telegram" \(the telegram channel\)/),
  ]);
  expect(writes()).toEqual([]);
});

test('reads every page of monitors (UptimeRobot returns 50 at a time)', async () => {
  for (let id = 1; id <= 60; id++) {
    api.monitors.push({
      id,
      friendly_name: `Other ${id}`,
      url: `https://other.example/${id}`,
      type: 1,
      interval: 300,
      status: 2,
      alert_contacts: [],
    });
  }
  expect(await sync(false)).toBe(0);
  expect(api.calls.filter((c) => c.method === 'getMonitors').map((c) => c.fields.offset)).toEqual([
    '0',
    '50',
  ]);
  expect(lines.filter((l) => l.startsWith('unmanaged'))).toHaveLength(60);
});

test('waits out a 429 once and goes on', async () => {
  api.setRateLimit(1, 2);
  expect(await sync(false)).toBe(0);
  expect(api.calls.map((c) => c.method)).toEqual(['getAlertContacts', 'getMonitors', 'getMonitors']);
});

test('a wrong key fails with UptimeRobot reason and never prints the key', async () => {
  const wrong = 'u0000000-notthekeynotthekeynotthe';
  expect(await sync(false, wrong)).toBe(1);
  expect(lines).toEqual(['uptime: getAlertContacts: invalid_parameter (api_key): api_key is invalid.']);
  expect(lines.join('\n')).not.toContain(wrong);
});

test('says why UptimeRobot could not be reached: the host and the cause, not "fetch failed"', async () => {
  const port = await freePort();
  const code = await runSync({
    apply: false,
    env: { UPTIMEROBOT_API_KEY: KEY, UPTIMEROBOT_API_URL: `http://127.0.0.1:${port}/v2` },
    print: (line) => lines.push(line),
  });
  expect(code).toBe(1);
  expect(lines).toEqual([`uptime: getAlertContacts: 127.0.0.1:${port}: connection refused (ECONNREFUSED)`]);
});

describe('the command (npm run uptime:sync)', () => {
  const SYNC = resolve(__dirname, '../../uptime/sync.ts');
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', SYNC, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('exits 78 without UPTIMEROBOT_API_KEY', () => {
    const result = run([], {});
    expect([result.status, result.stdout]).toEqual([
      78,
      expect.stringMatching(/UPTIMEROBOT_API_KEY is not set/),
    ]);
  });

  it('syncs with --apply and never prints the key', async () => {
    // Asynchronous: the fake answers from this process's event loop.
    const child = spawn(process.execPath, ['--import', 'tsx', SYNC, '--apply'], {
      env: { PATH: process.env.PATH ?? '', UPTIMEROBOT_API_KEY: KEY, UPTIMEROBOT_API_URL: api.url },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect([code, output]).toEqual([0, expect.stringContaining('created, id')]);
    expect(api.monitors).toHaveLength(allMonitors.length);
    expect(output).not.toContain(KEY);
  });
});
