/**
 * Delivers accepted alerts to the one chat, within Telegram's limits, coalescing a storm.
 *
 * One worker loop. Whenever the rate limiter lets a message go, what is waiting is packed into it
 * (coalesce.ts): an alert storm becomes a few full messages instead of a queue of hundreds behind
 * the 1/s and 20/min limits, and nothing is dropped. The first alert into an empty queue waits
 * `coalesceMs` for company, so the groups Alertmanager flushes together share a message.
 *
 * Failures keep the alerts at the head of the queue: a 429 pauses sends for its retry_after, 5xx and
 * network errors back off exponentially (bounded by `retry.maxMs`), a refused chat or token retries
 * at that bound (someone may re-add the bot), and refused markup is retried once as plain text.
 */
import type { Logger } from '../../lib/logging/logger';
import { Backoff } from '../../lib/retry/backoff';
import { createAlarm } from './alarm';
import { type Batch, packBatch, type RenderGroup } from './coalesce';
import { deliveryLog } from './delivery-log';
import { toPlainText } from './format';
import { type RelayMetrics, recordSettled } from './metrics';
import type { QueuedAlert } from './queued-alert';
import type { RateLimiter } from './rate-limit';
import { outcomeCode, type SendOutcome, type TelegramClient, type TelegramStatus } from './telegram';

export interface DeliveryQueueOptions {
  telegram: TelegramClient;
  limiter: RateLimiter;
  /** Alerts of one group key as an HTML block (alert-group.ts renderGroup). */
  render: RenderGroup;
  /** Alerts delivered (or dropped), for the spool's `done` record. */
  onSettled(items: readonly QueuedAlert[]): void;
  metrics: RelayMetrics;
  logger: Logger;
  /** How long the first alert into an empty queue waits for company (RELAY_COALESCE_MS). */
  coalesceMs: number;
  /**
   * Backoff after 5xx/network failures (lib/retry/backoff.ts, equal jitter): `initialMs` doubling up
   * to `maxMs` (RELAY_RETRY_MAX_DELAY_MS). A 429's retry_after is obeyed even beyond it.
   */
  retry: { initialMs: number; maxMs: number };
  /** The bot's buttons (bot/buttons.ts), under the last part of a message; unset: none. */
  buttons?: MessageButtons;
  now?: () => number;
}

export interface PreparedButtons {
  ref: string;
  markup: unknown;
}

/**
 * What the delivery path asks of the bot, kept synchronous and non-throwing in effect: a bug or a
 * slow disk on the bot's side must never hold or fail an alert.
 */
export interface MessageButtons {
  /** The keyboard for a message carrying `items`, or undefined when they cannot be acted on together. */
  prepare(items: readonly QueuedAlert[]): PreparedButtons | undefined;
  /** The message carrying `prepared` was accepted as `messageId`. */
  sent(
    prepared: PreparedButtons,
    items: readonly QueuedAlert[],
    messageId: number,
    text: string,
    html: boolean,
  ): void;
}

export interface DeliveryQueue {
  readonly depth: number;
  push(items: readonly QueuedAlert[]): void;
  start(): void;
  /** Delivers what it can within `flushMs`, then stops; resolves with the number left undelivered. */
  stop(flushMs: number): Promise<number>;
  telegramStatus(): TelegramStatus;
}

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const { telegram, limiter, metrics, retry } = options;
  const now = options.now ?? Date.now;
  const log = deliveryLog(options.logger);
  const pending: QueuedAlert[] = [];
  let batch: Batch | undefined;
  let lingerUntil = 0;
  let retryAt = 0;
  const backoff = new Backoff({ initialMs: retry.initialMs, maxMs: retry.maxMs });
  let stopping = false;
  let halted = false;
  let status: TelegramStatus = { status: 'unknown' };
  const alarm = createAlarm();
  let running: Promise<void> | undefined;

  function settle(done: Batch, delivered: boolean): void {
    // A batch takes alerts from anywhere in the queue (a group's later alerts join its first).
    const taken = new Set(done.items);
    let kept = 0;
    for (const item of pending) if (!taken.has(item)) pending[kept++] = item;
    pending.length = kept;
    batch = undefined;
    recordSettled(metrics, done.items, delivered, now());
    metrics.queueDepth.set(pending.length);
    options.onSettled(done.items);
  }

  // The bot's side may fail; the alert goes out regardless, without buttons or without a record.
  function prepareButtons(current: Batch): PreparedButtons | undefined {
    try {
      return options.buttons?.prepare(current.items);
    } catch (err) {
      options.logger.error({ err }, 'Bot buttons failed; the message goes without them');
      return undefined;
    }
  }

  function buttonsSent(prepared: PreparedButtons, current: Batch, messageId: number, text: string): void {
    try {
      options.buttons?.sent(prepared, current.items, messageId, text, current.html);
    } catch (err) {
      options.logger.error({ err }, 'Bot buttons failed; the message goes without them');
    }
  }

  async function sendNext(current: Batch): Promise<void> {
    const part = current.parts[current.next] as string;
    const last = current.next === current.parts.length - 1;
    const buttons = last ? prepareButtons(current) : undefined;
    const started = now();
    const text = current.html ? part : toPlainText(part);
    const outcome = await telegram.sendMessage(text, {
      html: current.html,
      ...(buttons ? { replyMarkup: buttons.markup } : {}),
    });
    log.call(outcome, now() - started);
    if (outcome.kind === 'sent') {
      // Only accepted messages spend Telegram's budget: failed calls during an outage must not
      // hold the first retry after it beyond RELAY_RETRY_MAX_DELAY_MS.
      limiter.record(now());
      backoff.succeeded();
      status = { status: 'ok', at: now() };
      metrics.messagesSent.inc();
      if (buttons && outcome.messageId !== undefined) buttonsSent(buttons, current, outcome.messageId, text);
      current.next++;
      if (current.next === current.parts.length) {
        settle(current, true);
        log.delivered(current.items.length, current.parts.length);
      }
      return;
    }
    metrics.telegramErrors.inc({ code: outcomeCode(outcome) });
    // Reachability: a refused message still proves Telegram answers.
    const reachable = outcome.kind === 'bad-markup' || outcome.kind === 'rejected';
    status = reachable ? { status: 'ok', at: now() } : { status: 'error', reason: outcome.reason, at: now() };
    failed(current, outcome);
  }

  function failed(current: Batch, outcome: Exclude<SendOutcome, { kind: 'sent' }>): void {
    if (outcome.kind === 'bad-markup' || outcome.kind === 'rejected') {
      if (current.html) {
        current.html = false;
        log.markupRefused(outcome, current.items.length);
        return;
      }
      log.dropped(outcome, current.items);
      settle(current, false);
      return;
    }
    if (outcome.kind === 'rate-limited') limiter.pauseUntil(now() + backoff.failed(outcome.retryAfterMs));
    // A refused chat or token waits for a person: retried at the bound, not sooner.
    else if (outcome.kind === 'refused') retryAt = now() + backoff.failed(retry.maxMs);
    else retryAt = now() + backoff.failed();
    log.failed(outcome, backoff.failures, Math.max(retryAt, now() + limiter.delayMs(now())) - now());
    // Not started yet: re-pack next time, with whatever arrived meanwhile.
    if (current.next === 0 && current.html) batch = undefined;
  }

  async function run(): Promise<void> {
    while (!halted) {
      if (pending.length === 0) {
        if (stopping) return;
        await alarm.sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      const at = now();
      const wait = Math.max(stopping ? 0 : lingerUntil - at, limiter.delayMs(at), retryAt - at);
      if (wait > 0) {
        await alarm.sleep(wait);
        continue;
      }
      try {
        batch ??= packBatch(pending, options.render);
        await sendNext(batch);
      } catch (err) {
        // A bug here must not stop deliveries for good: log it and try again after a pause.
        retryAt = now() + backoff.failed();
        log.crashed(err);
      }
    }
  }

  return {
    get depth() {
      return pending.length;
    },
    push(items) {
      if (items.length === 0) return;
      if (pending.length === 0) lingerUntil = now() + options.coalesceMs;
      pending.push(...items);
      metrics.queueDepth.set(pending.length);
      alarm.wake();
    },
    start() {
      running ??= run();
    },
    async stop(flushMs) {
      stopping = true;
      alarm.wake();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, flushMs);
      });
      await Promise.race([running ?? Promise.resolve(), deadline]);
      clearTimeout(timer);
      halted = true;
      alarm.wake();
      return pending.length;
    },
    telegramStatus: () => status,
  };
}
