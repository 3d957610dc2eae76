/** Long polling against the fake Telegram: each update handled once, across restarts and failures. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BotApi, botApi } from '../../../../alerting/relay/bot/bot-api';
import { createPoller, type Update } from '../../../../alerting/relay/bot/poller';
import { UpdateOffset } from '../../../../alerting/relay/bot/update-offset';
import { capturedLogger } from '../../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { waitFor } from '../../../support/wait';

const CHAT = '-1001234567890';
const user = { id: 42, username: 'ops' };
let tg: FakeTelegram;
let api: BotApi;
let dir: string;

beforeEach(async () => {
  tg = await startFakeTelegram({ limits: false });
  api = botApi({ apiUrl: tg.url, token: tg.token, timeoutMs: 5000 });
  dir = mkdtempSync(join(tmpdir(), 'bot-poller-'));
});
afterEach(async () => {
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runPoller(seen: string[]) {
  const offset = new UpdateOffset(dir);
  await offset.load();
  const poller = createPoller({
    api,
    offset,
    pollSeconds: 1,
    backoff: { initialMs: 50, maxMs: 200 },
    logger: capturedLogger().logger,
    async handle(update: Update) {
      seen.push((update.message as { text: string }).text);
    },
  });
  poller.start();
  return poller;
}

describe('the updates poller', () => {
  it('handles each update once, and a restart neither replays nor skips', async () => {
    const seen: string[] = [];
    const first = await runPoller(seen);
    tg.userMessage(user, CHAT, '/alerts');
    tg.userMessage(user, CHAT, '/status');
    await waitFor('two updates handled', () => seen.length === 2, 15_000);
    await first.stop();
    expect(readFileSync(join(dir, 'bot-offset'), 'utf8')).toBe('3');

    tg.userMessage(user, CHAT, '/help'); // while the relay is down
    const second = await runPoller(seen);
    await waitFor('the update sent while down', () => seen.length === 3, 15_000);
    await second.stop();
    expect(seen).toEqual(['/alerts', '/status', '/help']);
  });

  it('backs off while getUpdates fails and recovers by itself', async () => {
    await api.call('setWebhook', { url: 'https://relay.example/hook' });
    const seen: string[] = [];
    const poller = await runPoller(seen);
    tg.userMessage(user, CHAT, '/help');
    await waitFor(
      'two refused polls',
      () => tg.requests().filter((r) => r.method === 'getUpdates' && r.status === 409).length >= 2,
      15_000,
    );
    await api.call('deleteWebhook', {});
    await waitFor('recovery', () => seen.length === 1, 15_000);
    await poller.stop();
    expect(seen).toEqual(['/help']);
  });
});
