/**
 * The delivery loop against the fake Telegram with its real flood limits: coalescing under a storm,
 * 429s, 5xx, splitting, markup fallbacks, refusals, and stopping.
 */

import { renderGroup } from '../../../alerting/relay/alert-group';
import type { RenderGroup } from '../../../alerting/relay/coalesce';
import { createDeliveryQueue, type DeliveryQueue } from '../../../alerting/relay/delivery-queue';
import { relayMetrics } from '../../../alerting/relay/metrics';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import { createRateLimiter, telegramWindows } from '../../../alerting/relay/rate-limit';
import { type TelegramClient, telegramClient } from '../../../alerting/relay/telegram';
import { createRegistry } from '../../../lib/metrics/registry';
import { testAlert } from '../../support/alertmanager-payload';
import { capturedLogger } from '../../support/captured-logger';
import { type FakeTelegram, type FakeTelegramOptions, startFakeTelegram } from '../../support/fake-telegram';
import { sampleValue } from '../../support/metrics';
import { waitFor } from '../../support/wait';

jest.setTimeout(30_000);
const GROUP = '-1001234567890';

let tg: FakeTelegram;
let queue: DeliveryQueue | undefined;
afterEach(async () => {
  await queue?.stop(0);
  queue = undefined;
  // The clock-driven test has no fake Telegram: close only one that this test started.
  await (tg as FakeTelegram | undefined)?.close();
  tg = undefined as unknown as FakeTelegram;
});

interface SetupOptions {
  render?: RenderGroup;
  chatId?: string;
  timeoutMs?: number;
  fake?: FakeTelegramOptions;
}

/** A fake Telegram (real flood limits unless told otherwise) and a started queue sending to it. */
async function setup(options: SetupOptions = {}) {
  tg = await startFakeTelegram(options.fake ?? { chats: [GROUP] });
  const registry = createRegistry({ defaultMetrics: false });
  const captured = capturedLogger({ level: 'info' });
  const settled: number[] = [];
  const chatId = options.chatId ?? GROUP;
  queue = createDeliveryQueue({
    telegram: telegramClient({
      apiUrl: tg.url,
      token: tg.token,
      chatId,
      timeoutMs: options.timeoutMs ?? 2000,
    }),
    limiter: createRateLimiter(telegramWindows(chatId)),
    render: options.render ?? ((items) => renderGroup(items, { timeZone: 'Asia/Jakarta' })),
    onSettled: (items) => settled.push(...items.map((i) => i.id)),
    metrics: relayMetrics(registry),
    logger: captured.logger,
    coalesceMs: 50,
    retry: { initialMs: 200, maxMs: 1000 },
  });
  queue.start();
  return { queue, registry, settled, ...captured };
}

let nextId = 1;
const item = (instance: string, extra: Parameters<typeof testAlert>[0] = {}): QueuedAlert => ({
  id: nextId++,
  alert: testAlert({ ...extra, labels: { instance, ...extra.labels } }),
  acceptedAt: Date.now(),
});

describe('delivery', () => {
  it('sends an alert as one HTML message and reports it settled', async () => {
    const { queue, registry, settled, records } = await setup();
    const one = item('a');
    queue.push([one]);
    await waitFor('delivery', () => settled.length === 1);
    expect(settled).toEqual([one.id]);
    expect(tg.messages()).toEqual([
      expect.objectContaining({
        chat_id: GROUP,
        parse_mode: 'HTML',
        text: expect.stringContaining('instance=a'),
      }),
    ]);
    expect(queue.depth).toBe(0);
    expect(queue.telegramStatus()).toMatchObject({ status: 'ok' });
    expect(await sampleValue(registry, 'relay_messages_sent_total')).toBe(1);
    expect(await sampleValue(registry, 'relay_alerts_delivered_total', { status: 'firing' })).toBe(1);
    expect(await sampleValue(registry, 'relay_delivery_seconds_count')).toBe(1);
    expect(records()).toContainEqual(
      expect.objectContaining({
        message: 'Telegram API call',
        service: 'telegram',
        endpoint: 'sendMessage',
        status: 200,
      }),
    );
  });

  it('coalesces a storm of 200 alerts into a few full messages, within the limits, dropping none', async () => {
    const { queue, settled } = await setup();
    const storm = Array.from({ length: 200 }, (_, i) => item(`host-${String(i).padStart(3, '0')}`));
    for (const one of storm) {
      queue.push([one]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor('the storm delivered', () => settled.length === 200, 25_000);
    expect(tg.requests().filter((r) => r.status !== 200)).toEqual([]);
    const messages = tg.messages();
    expect(messages.length).toBeLessThanOrEqual(3);
    const text = messages.map((m) => m.text).join('\n');
    for (const one of storm) expect(text.split(`instance=${one.alert.labels.instance}`)).toHaveLength(2);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(4096);
    const gaps = messages.slice(1).map((m, i) => m.at - (messages[i] as { at: number }).at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
  });

  it('honours a 429: no send before retry_after, then delivery', async () => {
    const { queue, settled, registry } = await setup();
    tg.rateLimitNext(1, 2);
    queue.push([item('a')]);
    await waitFor('delivery', () => settled.length === 1, 10_000);
    const [limited, sent] = tg.requests();
    expect([limited?.status, sent?.status]).toEqual([429, 200]);
    expect((sent?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(2000);
    expect(await sampleValue(registry, 'relay_telegram_errors_total', { code: '429' })).toBe(1);
  });

  it('retries 5xx and hung requests with backoff until Telegram answers', async () => {
    const { queue, settled, registry, records } = await setup({ timeoutMs: 300 });
    tg.failNext(2, 502);
    queue.push([item('a')]);
    await waitFor('the 5xx', () => tg.requests().length === 2, 5000);
    tg.hang(true);
    await waitFor('a hung request', () => tg.requests().length === 3, 5000);
    expect(queue.telegramStatus()).toMatchObject({ status: 'error' });
    tg.hang(false);
    await waitFor('delivery', () => settled.length === 1, 10_000);
    expect(tg.requests().map((r) => r.status)).toEqual([502, 502, 'hung', 200]);
    expect(await sampleValue(registry, 'relay_telegram_errors_total', { code: '502' })).toBe(2);
    expect(await sampleValue(registry, 'relay_telegram_errors_total', { code: 'timeout' })).toBe(1);
    expect(records().filter((r) => r.message === 'Telegram sendMessage failed, will retry')).toHaveLength(3);
  });

  it('sends an alert longer than a message in parts, each valid, settling it once', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `line ${i} &lt;${'x'.repeat(40)}&gt; &amp; more`).join(
      '\n',
    );
    const render = () => `🔴 <b>Huge</b>\n<i>${long}</i>`;
    const { queue, settled } = await setup({ render, chatId: '42', fake: { chats: ['42'] } });
    queue.push([item('big')]);
    await waitFor('all parts', () => settled.length === 1, 20_000);
    const parts = tg.messages();
    expect(parts.length).toBeGreaterThanOrEqual(4);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(4096);
      expect(part.entities).toContainEqual(
        expect.objectContaining({ type: 'italic', offset: expect.any(Number) }),
      );
    }
    const joined = parts.map((p) => p.text).join('\n');
    expect(joined).toContain('line 0 <');
    expect(joined).toContain('line 299 <');
  });
});

describe('refusals', () => {
  it('falls back to plain text when Telegram refuses the markup', async () => {
    const { queue, settled, records } = await setup({ render: () => '<b>unclosed & bare' });
    queue.push([item('a')]);
    await waitFor('delivery', () => settled.length === 1, 5000);
    expect(tg.messages().map((m) => [m.text, m.parse_mode])).toEqual([['unclosed & bare', undefined]]);
    expect(records()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Telegram refused the message as HTML, sending it as plain text',
      }),
    );
  });

  it('drops only what Telegram refuses as plain text too, and carries on', async () => {
    const render = ([q]: readonly QueuedAlert[]) =>
      q?.alert.labels.instance === 'blank' ? '<b> </b>' : `ok ${q?.alert.labels.instance}`;
    const { queue, settled, registry, records } = await setup({
      render,
      chatId: '42',
      fake: { limits: false },
    });
    queue.push([item('blank')]);
    await waitFor('the drop', () => settled.length === 1, 5000);
    queue.push([item('next')]);
    await waitFor('the next', () => settled.length === 2, 5000);
    expect(tg.messages().map((m) => m.text)).toEqual(['ok next']);
    expect(await sampleValue(registry, 'relay_alerts_dropped_total')).toBe(1);
    expect(records()).toContainEqual(
      expect.objectContaining({ level: 'CRITICAL', alertnames: ['DatabaseDown'] }),
    );
  });

  it('keeps alerts for a chat Telegram does not know, retrying slowly, and says so', async () => {
    const { queue, settled, records } = await setup({ chatId: '-999' });
    queue.push([item('a')]);
    await waitFor('a refusal', () => tg.requests().length === 1, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toEqual([]);
    expect(queue.depth).toBe(1);
    expect(records()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Telegram refused the chat or the bot token',
        reason: 'Bad Request: chat not found',
      }),
    );
  });
});

describe('after an outage', () => {
  afterEach(() => jest.useRealTimers());

  it('retries within RELAY_RETRY_MAX_DELAY_MS however many calls failed: only accepted messages spend the budget', async () => {
    jest.useFakeTimers({ now: 0 });
    const calls: number[] = [];
    // 30 failed calls in a group chat: more than its 20-a-minute and 1-a-second budgets.
    const telegram: TelegramClient = {
      sendMessage: async () => {
        calls.push(Date.now());
        return calls.length <= 30
          ? { kind: 'retry', status: 502, reason: 'Bad Gateway' }
          : { kind: 'sent', status: 200 };
      },
    };
    const captured = capturedLogger({ level: 'info' });
    const settled: number[] = [];
    const maxMs = 1000;
    queue = createDeliveryQueue({
      telegram,
      limiter: createRateLimiter(telegramWindows(GROUP)),
      render: (items) => renderGroup(items, { timeZone: 'Asia/Jakarta' }),
      onSettled: (items) => settled.push(...items.map((i) => i.id)),
      metrics: relayMetrics(createRegistry({ defaultMetrics: false })),
      logger: captured.logger,
      coalesceMs: 0,
      retry: { initialMs: 200, maxMs },
    });
    queue.start();
    queue.push([item('a')]);
    for (let i = 0; i < 120 && settled.length === 0; i++) await jest.advanceTimersByTimeAsync(250);
    expect(settled).toHaveLength(1);
    expect(calls).toHaveLength(31);
    const gaps = calls.slice(1).map((at, i) => at - (calls[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(maxMs);
    const announced = captured
      .records()
      .filter((r) => r.message === 'Telegram sendMessage failed, will retry')
      .map((r) => r.retry_in_ms as number);
    expect(announced).toHaveLength(30);
    expect(Math.max(...announced)).toBeLessThanOrEqual(maxMs);
  });
});

describe('stopping', () => {
  it('delivers what is queued before stopping, skipping the coalescing wait', async () => {
    const { queue, settled } = await setup();
    queue.push([item('a'), item('b')]);
    expect(await queue.stop(3000)).toBe(0);
    expect(settled).toHaveLength(2);
  });

  it('gives up at the deadline while Telegram is down, reporting what is left', async () => {
    const { queue } = await setup();
    await tg.down();
    queue.push([item('a')]);
    // Telegram stays down: stop() resolving at all is the proof that the deadline holds.
    expect(await queue.stop(500)).toBe(1);
  });
});
