/**
 * Buttons under delivered messages: the delivery queue sends the firing keyboard with a message whose
 * alerts one silence covers, records what it carries, and sends alerts unchanged when the bot fails.
 */
import { renderGroup } from '../../../../alerting/relay/alert-group';
import { messageButtons } from '../../../../alerting/relay/bot/buttons';
import { CallbackSigner } from '../../../../alerting/relay/bot/callback-data';
import type { InlineKeyboard } from '../../../../alerting/relay/bot/keyboard';
import { MessageStore } from '../../../../alerting/relay/bot/message-store';
import {
  createDeliveryQueue,
  type DeliveryQueue,
  type MessageButtons,
} from '../../../../alerting/relay/delivery-queue';
import { relayMetrics } from '../../../../alerting/relay/metrics';
import type { QueuedAlert } from '../../../../alerting/relay/queued-alert';
import { createRateLimiter, telegramWindows } from '../../../../alerting/relay/rate-limit';
import { telegramClient } from '../../../../alerting/relay/telegram';
import { createRegistry } from '../../../../lib/metrics/registry';
import { testAlert } from '../../../support/alertmanager-payload';
import { capturedLogger } from '../../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { waitFor } from '../../../support/wait';

const CHAT = '-1001234567890';
const signer = new CallbackSigner('buttons-test-secret-of-at-least-32-chars');
let tg: FakeTelegram;
let queue: DeliveryQueue;
let nextId = 1;

const item = (labels: Record<string, string>, status: 'firing' | 'resolved' = 'firing'): QueuedAlert => ({
  id: nextId++,
  alert: testAlert({ status, labels, fingerprint: `fp${nextId}` }),
  acceptedAt: Date.now(),
});

async function start(buttons: MessageButtons) {
  tg = await startFakeTelegram({ limits: false });
  queue = createDeliveryQueue({
    telegram: telegramClient({ apiUrl: tg.url, token: tg.token, chatId: CHAT, timeoutMs: 2000 }),
    limiter: createRateLimiter(telegramWindows(CHAT)),
    render: (items) => renderGroup(items, { timeZone: 'Asia/Jakarta' }),
    onSettled: () => {},
    metrics: relayMetrics(createRegistry({ defaultMetrics: false })),
    logger: capturedLogger().logger,
    coalesceMs: 50,
    retry: { initialMs: 200, maxMs: 1000 },
    buttons,
  });
  queue.start();
}

afterEach(async () => {
  await queue?.stop(0);
  await tg?.close();
});

const labelsOfButtons = (messageId: number) =>
  (tg.markupOf(messageId) as InlineKeyboard | undefined)?.inline_keyboard.flat().map((b) => b.text);

describe('buttons under delivered messages', () => {
  it('puts the firing keyboard under a group and records what it carries', async () => {
    const store = new MessageStore();
    await start(
      messageButtons({
        signer,
        store,
        chatId: CHAT,
        onError: (err) => {
          throw err;
        },
      }),
    );
    queue.push([
      item({ alertname: 'ApiDown', instance: 'a' }),
      item({ alertname: 'ApiDown', instance: 'b' }),
    ]);
    await waitFor('the message', () => tg.messages().length === 1);
    expect(labelsOfButtons(1)).toEqual(['🔕 1h', '🔕 4h', '🔕 24h', '👀 Ack']);
    const data = (tg.markupOf(1) as InlineKeyboard).inline_keyboard[0]?.[0]?.callback_data;
    const verified = signer.verify(data);
    expect(verified.ok).toBe(true);
    await waitFor('the record', () => verified.ok && store.get(verified.ref) !== undefined);
    const record = verified.ok ? store.get(verified.ref) : undefined;
    expect(record).toMatchObject({ chatId: CHAT, messageId: 1, html: true, fingerprints: expect.any(Array) });
    expect(record?.labels.alertname).toBe('ApiDown');
    expect(record?.labels.instance).toBeUndefined();
  });

  it('gives no buttons to a resolved message', async () => {
    await start(messageButtons({ signer, store: new MessageStore(), chatId: CHAT, onError: () => {} }));
    queue.push([item({ alertname: 'ApiDown' }, 'resolved')]);
    await waitFor('the message', () => tg.messages().length === 1);
    expect(tg.markupOf(1)).toBeUndefined();
  });

  it('delivers the alert without buttons when the bot side throws', async () => {
    await start({
      prepare: () => {
        throw new Error('bot bug');
      },
      sent: () => {},
    });
    queue.push([item({ alertname: 'ApiDown' })]);
    await waitFor('the message', () => tg.messages().length === 1);
    expect(tg.markupOf(1)).toBeUndefined();
  });
});
