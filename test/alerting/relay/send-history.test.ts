/**
 * The rate-limit history kept in the spool directory: read back by the next run, so that a relay
 * restarted twice in a minute keeps within the flood limits of the fake Telegram (which enforces
 * them) and draws no 429.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRelayConfig } from '../../../alerting/relay/config';
import { GLOBAL, PER_CHAT } from '../../../alerting/relay/rate-limit';
import { createRelay } from '../../../alerting/relay/relay';
import {
  loadSendHistory,
  persistedRateLimiter,
  SEND_HISTORY_FILE,
} from '../../../alerting/relay/send-history';
import { openFileSpool } from '../../../alerting/relay/spool';
import { createLifecycle } from '../../../lib/http/graceful-shutdown';
import { createRegistry } from '../../../lib/metrics/registry';
import { postWebhook, testAlert, webhookPayload } from '../../support/alertmanager-payload';
import { capturedLogger } from '../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram';
import { waitFor } from '../../support/wait';

jest.setTimeout(40_000);
const GROUP = '-1001234567890';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-sends-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('send history', () => {
  it('is saved after each accepted send or pause, and read back by the next limiter', async () => {
    const windows = [{ max: 2, ms: 1000 }];
    const errors: unknown[] = [];
    const first = persistedRateLimiter(windows, dir, (err) => errors.push(err));
    first.record(100);
    first.record(200);
    first.pauseUntil(5000);
    await waitFor('the save', () => loadSendHistory(dir).pausedUntil === 5000, 20_000);
    expect(loadSendHistory(dir)).toEqual({ sends: [100, 200], pausedUntil: 5000 });
    const second = persistedRateLimiter(windows, dir, () => {});
    expect(second.delayMs(300)).toBe(4700);
    expect(errors).toEqual([]);
  });

  it('starts empty from a missing or unreadable file', () => {
    expect(loadSendHistory(join(dir, 'nowhere'))).toEqual({ sends: [], pausedUntil: 0 });
    writeFileSync(join(dir, SEND_HISTORY_FILE), '{"sends":[1,');
    expect(loadSendHistory(dir)).toEqual({ sends: [], pausedUntil: 0 });
  });

  it('re-creates a deleted spool directory to save into', async () => {
    const nested = join(dir, 'spool');
    const errors: unknown[] = [];
    const limiter = persistedRateLimiter([{ max: 1, ms: 1000 }], nested, (err) => errors.push(err));
    limiter.record(42);
    await waitFor('the save', () => loadSendHistory(nested).sends.length === 1, 20_000);
    expect(JSON.parse(readFileSync(join(nested, SEND_HISTORY_FILE), 'utf8'))).toEqual({
      sends: [42],
      pausedUntil: 0,
    });
    expect(errors).toEqual([]);
  });
});

describe('a relay restarted twice within a window', () => {
  // A group window shrunk to 3 messages in 5 s, in the fake and in the relay, keeps the test short;
  // the code path is the one the 20-a-minute window takes.
  const groupWindow = { max: 3, windowMs: 5000 };
  let tg: FakeTelegram;
  beforeEach(async () => {
    tg = await startFakeTelegram({ chats: [GROUP], limits: { perGroup: groupWindow } });
  });
  afterEach(() => tg.close());

  async function runRelay(instances: string[]): Promise<void> {
    const config = loadRelayConfig({
      TELEGRAM_BOT_TOKEN: tg.token,
      TELEGRAM_CHAT_ID: GROUP,
      TELEGRAM_API_URL: tg.url,
      RELAY_SPOOL_DIR: dir,
      RELAY_COALESCE_MS: '0',
      RELAY_RETRY_MAX_DELAY_MS: '1000',
    });
    const { spool, state } = await openFileSpool(dir, { maxSeen: 100 });
    const relay = createRelay({
      config,
      logger: capturedLogger({ level: 'info' }).logger,
      lifecycle: createLifecycle(),
      spool,
      state,
      registry: createRegistry({ defaultMetrics: false }),
      rateWindows: [PER_CHAT, { max: groupWindow.max, ms: groupWindow.windowMs + 50 }, GLOBAL],
    });
    const server: Server = relay.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const instance of instances) {
      const sent = tg.messages().length;
      await postWebhook(url, webhookPayload([testAlert({ labels: { instance } })]));
      await waitFor(`the message for ${instance}`, () => tg.messages().length === sent + 1, 15_000);
    }
    // The relay records a send once Telegram's answer is back, after the fake logged the message, and
    // saves it in the background: the next run must not start before the last send is on disk. No
    // earlier send can pass for it: the one-a-second window put the last send after the previous record.
    const lastAt = tg.messages().at(-1)?.at ?? 0;
    await waitFor('the last send saved', () => (loadSendHistory(dir).sends.at(-1) ?? 0) >= lastAt, 15_000);
    // Stopped without a flush; the spool is closed only so that its file check stops too.
    await relay.queue.stop(0);
    await new Promise((resolve) => server.close(resolve));
    await spool.close();
  }

  it('remembers its sends: no 429 after two restarts', async () => {
    await runRelay(['a', 'b']);
    await runRelay(['c']);
    await runRelay(['d']);
    expect(tg.messages()).toHaveLength(4);
    expect(tg.requests().map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });
});
