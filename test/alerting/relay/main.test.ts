/**
 * The relay as a process, as Docker runs it: configuration errors, delivery through the spool across
 * a kill -9, the bot token kept out of every output, and graceful shutdown on SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postWebhook, testAlert, webhookPayload } from '../../support/alertmanager-payload';
import { FAKE_BOT_TOKEN, type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram';
import { freePort } from '../../support/ports';
import { type ServiceProcess, startServiceProcess } from '../../support/service-process';
import { waitFor } from '../../support/wait';

const MAIN = 'alerting/relay/main.ts';
const CHAT = '-1001234567890';
const SECRET = FAKE_BOT_TOKEN.split(':')[1] as string;
jest.setTimeout(45_000);

let tg: FakeTelegram;
let dir: string;
const running: ServiceProcess[] = [];
beforeEach(async () => {
  tg = await startFakeTelegram({ chats: [CHAT] });
  dir = mkdtempSync(join(tmpdir(), 'relay-main-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((service) => service.kill()));
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

function relayEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: FAKE_BOT_TOKEN,
    TELEGRAM_CHAT_ID: CHAT,
    TELEGRAM_API_URL: tg.url,
    RELAY_COALESCE_MS: '50',
    RELAY_RETRY_MAX_DELAY_MS: '1000',
    ...extra,
  };
}

async function startRelay(
  env: Record<string, string>,
  timeoutMs?: number,
): Promise<{ url: string; service: ServiceProcess }> {
  const port = await freePort();
  const service = startServiceProcess(MAIN, { RELAY_PORT: String(port), ...env });
  running.push(service);
  await service.waitForLine((line) => line.message === 'Relay listening', timeoutMs);
  return { url: `http://127.0.0.1:${port}`, service };
}

const everything = (service: ServiceProcess) => `${JSON.stringify(service.lines)}\n${service.stderr()}`;

describe('configuration errors', () => {
  it.each<{ env: Record<string, string>; variable: string }>([
    { env: { TELEGRAM_BOT_TOKEN: '' }, variable: 'TELEGRAM_BOT_TOKEN' },
    { env: { TELEGRAM_BOT_TOKEN: `${FAKE_BOT_TOKEN}!` }, variable: 'TELEGRAM_BOT_TOKEN' },
    { env: { TELEGRAM_CHAT_ID: 'my group' }, variable: 'TELEGRAM_CHAT_ID' },
    { env: { RELAY_PORT: 'abc' }, variable: 'RELAY_PORT' },
    { env: { RELAY_WATCHDOG_TIMEOUT: '10 minutes' }, variable: 'RELAY_WATCHDOG_TIMEOUT' },
  ])('stops with exit code 78 and names $variable', async ({ env, variable }) => {
    const service = startServiceProcess(MAIN, relayEnv(env));
    running.push(service);
    expect(await service.exited).toBe(78);
    expect(service.stderr()).toContain(`invalid configuration: ${variable}:`);
    expect(service.stderr()).not.toContain(SECRET);
  });

  it('stops with exit code 78 when RELAY_SPOOL_DIR cannot hold a spool', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const service = startServiceProcess(MAIN, relayEnv({ RELAY_SPOOL_DIR: join(file, 'spool') }));
    running.push(service);
    expect(await service.exited).toBe(78);
    expect(service.stderr()).toBe(
      'relay: invalid configuration: RELAY_SPOOL_DIR: cannot write a spool there (ENOTDIR)\n',
    );
  });
});

describe('delivery', () => {
  it('logs in the spec format and never writes the bot token, even through Telegram failures', async () => {
    const { url, service } = await startRelay(relayEnv({ LOG_LEVEL: 'debug' }));
    tg.failNext(1, 502);
    expect((await postWebhook(url, webhookPayload([testAlert()]))).status).toBe(200);
    await waitFor('delivery', () => tg.messages().length === 1, 10_000);
    await tg.down();
    await postWebhook(url, webhookPayload([testAlert({ labels: { instance: 'other' } })]));
    await service.waitForLine(
      (line) =>
        line.message === 'Telegram sendMessage failed, will retry' && line.reason === 'connection refused',
    );
    const listening = service.lines[0] as Record<string, unknown>;
    expect(Object.keys(listening).slice(0, 4)).toEqual(['timestamp', 'level', 'logger', 'message']);
    expect(service.lines).toContainEqual(
      expect.objectContaining({
        logger: 'relay.delivery',
        message: 'Telegram API call',
        status: 502,
      }),
    );
    expect(everything(service)).not.toContain(SECRET);
  });

  it('delivers alerts it accepted before a kill -9 once started again, and still knows they were sent', async () => {
    const env = relayEnv({ RELAY_SPOOL_DIR: join(dir, 'spool') });
    await tg.down();
    const first = await startRelay(env);
    const alerts = [testAlert(), testAlert({ status: 'resolved', labels: { instance: 'b' } })];
    expect((await postWebhook(first.url, webhookPayload(alerts))).body).toEqual({
      status: 'ok',
      accepted: 2,
      deduplicated: 0,
    });
    first.service.child.kill('SIGKILL');
    expect(await first.service.exited).toBe('SIGKILL');

    await tg.up();
    const second = await startRelay(env);
    await second.service.waitForLine((line) => line.message === 'Alerts delivered to Telegram');
    const text = tg
      .messages()
      .map((m) => m.text)
      .join('\n\n');
    expect(text).toContain('🔴 DatabaseDown: PostgreSQL is down');
    expect(text).toContain('✅ RESOLVED DatabaseDown: PostgreSQL is down');
    expect(second.service.lines).toContainEqual(
      expect.objectContaining({ message: 'Delivering alerts spooled before the restart', alerts: 2 }),
    );
    // Alertmanager re-posting the same group after the restart is within the cooldown: not sent again.
    expect((await postWebhook(second.url, webhookPayload(alerts))).body).toEqual({
      status: 'ok',
      accepted: 0,
      deduplicated: 2,
    });
  });
});

describe('a spool directory deleted while the relay runs', () => {
  // Two process starts and a hung Telegram: generous deadlines for a loaded CI machine.
  it('is re-created before the next 2xx: every accepted alert survives a kill -9', async () => {
    const spoolDir = join(dir, 'spool');
    const env = relayEnv({ RELAY_SPOOL_DIR: spoolDir, TELEGRAM_TIMEOUT_MS: '60000' });
    tg.hang(true);
    const first = await startRelay(env, 40_000);
    const before = testAlert({ labels: { instance: 'before' } });
    expect((await postWebhook(first.url, webhookPayload([before]))).status).toBe(200);
    rmSync(spoolDir, { recursive: true, force: true });
    const after = [1, 2, 3].map((n) => testAlert({ labels: { instance: `after-${n}` } }));
    for (const alert of after)
      expect((await postWebhook(first.url, webhookPayload([alert]))).body).toMatchObject({ accepted: 1 });
    const ready = await fetch(`${first.url}/health/ready`);
    expect([ready.status, ((await ready.json()) as { spool: string }).spool]).toEqual([200, 'file']);
    first.service.child.kill('SIGKILL');
    expect(await first.service.exited).toBe('SIGKILL');

    tg.hang(false);
    const second = await startRelay(env);
    await waitFor(
      'every alert',
      () =>
        ['before', ...after.map((a) => a.labels.instance)].every((i) =>
          delivered().includes(`instance=${i}`),
        ),
      20_000,
    );
    expect(second.service.lines).toContainEqual(
      expect.objectContaining({ message: 'Delivering alerts spooled before the restart', alerts: 4 }),
    );
  }, 120_000);
});

const delivered = () =>
  tg
    .messages()
    .map((m) => m.text)
    .join('\n');

describe('SIGTERM', () => {
  it('refuses new alerts with 503, delivers what is queued, and exits 0 within 10 s', async () => {
    // The two requests below must reach the relay while it drains (before it stops accepting): a
    // drain a loaded machine fits them in, and a flush that keeps both within the 8 s budget.
    const { url, service } = await startRelay(
      relayEnv({ RELAY_COALESCE_MS: '3000', SHUTDOWN_DRAIN_MS: '4000', RELAY_SHUTDOWN_FLUSH_MS: '4000' }),
    );
    expect((await postWebhook(url, webhookPayload([testAlert()]))).status).toBe(200);
    service.child.kill('SIGTERM');
    await service.waitForLine((line) => line.message === 'Shutting down');
    const ready = await fetch(`${url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'error', reason: 'shutting down' }]);
    const refused = await postWebhook(url, webhookPayload([testAlert({ labels: { instance: 'late' } })]));
    expect(refused).toEqual({ status: 503, body: { status: 'error', reason: 'shutting down' } });
    // Exit 0 is the proof of time: past its 9 s deadline (lib/http/graceful-shutdown.ts) it exits 1.
    expect(await service.exited).toBe(0);
    expect(tg.messages()).toHaveLength(1);
    expect(service.lines).toContainEqual(expect.objectContaining({ message: 'Shutdown complete' }));
  });
});
