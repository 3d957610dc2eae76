/** The fake answers like UptimeRobot's v2 API, so the sync tests prove something about the real one. */
import { type FakeUptimeRobot, startFakeUptimeRobot } from '../support/fake-uptimerobot';

let api: FakeUptimeRobot;
beforeEach(async () => {
  api = await startFakeUptimeRobot('good-key');
});
afterEach(() => api.close());

async function post(method: string, fields: Record<string, string>) {
  const res = await fetch(`${api.url}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const monitor = { friendly_name: 'API', url: 'https://api.example/health', type: '1', interval: '300' };

test('a wrong api_key fails with HTTP 200, stat fail, and the key echoed back', async () => {
  expect(await post('getMonitors', { api_key: 'wrong', format: 'json' })).toEqual({
    status: 200,
    body: {
      stat: 'fail',
      error: {
        type: 'invalid_parameter',
        parameter_name: 'api_key',
        passed_value: 'wrong',
        message: 'api_key is invalid.',
      },
    },
  });
});

test('a missing api_key or required field is a missing_parameter', async () => {
  expect((await post('getMonitors', {})).body).toMatchObject({
    stat: 'fail',
    error: { type: 'missing_parameter', parameter_name: 'api_key' },
  });
  expect((await post('newMonitor', { api_key: 'good-key', url: 'https://x' })).body).toMatchObject({
    error: { type: 'missing_parameter', parameter_name: 'friendly_name' },
  });
});

test('creates, lists (alert contacts on request) and edits a monitor', async () => {
  const created = await post('newMonitor', { api_key: 'good-key', ...monitor, alert_contacts: '2001_0_0' });
  expect(created.body).toEqual({ stat: 'ok', monitor: { id: expect.any(Number), status: 1 } });
  const id = String((created.body.monitor as { id: number }).id);
  expect((await post('editMonitor', { api_key: 'good-key', id, interval: '900' })).body).toEqual({
    stat: 'ok',
    monitor: { id: Number(id) },
  });
  const listed = await post('getMonitors', { api_key: 'good-key', alert_contacts: '1' });
  expect(listed.body).toMatchObject({
    stat: 'ok',
    pagination: { offset: 0, limit: 50, total: 1 },
    monitors: [
      { id: Number(id), interval: 900, alert_contacts: [{ id: '2001', threshold: 0, recurrence: 0 }] },
    ],
  });
  const plain = await post('getMonitors', { api_key: 'good-key' });
  expect((plain.body.monitors as object[])[0]).not.toHaveProperty('alert_contacts');
});

test('refuses what the real API refuses', async () => {
  const key = { api_key: 'good-key' };
  expect((await post('newMonitor', { ...key, ...monitor, interval: '60' })).body).toMatchObject({
    error: { type: 'invalid_parameter', parameter_name: 'interval' },
  });
  expect((await post('newMonitor', { ...key, ...monitor, alert_contacts: '999_0_0' })).body).toMatchObject({
    error: { type: 'invalid_parameter', parameter_name: 'alert_contacts' },
  });
  await post('newMonitor', { ...key, ...monitor });
  expect((await post('newMonitor', { ...key, ...monitor })).body).toMatchObject({
    error: { type: 'already_exists' },
  });
  expect((await post('editMonitor', { ...key, id: '1' })).body).toMatchObject({
    error: { type: 'not_found' },
  });
});

test('pages getMonitors by 50', async () => {
  for (let i = 0; i < 51; i++)
    await post('newMonitor', { api_key: 'good-key', ...monitor, url: `https://x/${i}` });
  const second = await post('getMonitors', { api_key: 'good-key', offset: '50', limit: '50' });
  expect(second.body).toMatchObject({
    pagination: { offset: 50, total: 51 },
    monitors: [{ url: 'https://x/50' }],
  });
});

test('answers 429 with Retry-After past the rate limit', async () => {
  api.setRateLimit(1, 3);
  await post('getAlertContacts', { api_key: 'good-key' });
  const res = await fetch(`${api.url}/getAlertContacts`, { method: 'POST', body: 'api_key=good-key' });
  expect([res.status, res.headers.get('retry-after')]).toEqual([429, '3']);
});
