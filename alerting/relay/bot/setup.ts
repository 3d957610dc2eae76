/**
 * The bot wired from the relay's configuration (relay.ts calls this when RELAY_BOT is on): buttons
 * for the delivery queue, one update handler fed by the getUpdates poller (RELAY_BOT=polling) or by
 * POST /telegram/webhook (RELAY_BOT=webhook, webhook.ts), buttons dropped once every alert a message
 * carries has resolved, and the commands (commands.ts).
 *
 * Command answers are new messages in the chat, so they spend the same Telegram budget as alerts:
 * they go only when the delivery queue is empty and the shared rate limiter allows, and are recorded
 * in it; during a storm they wait (up to a minute, then are dropped with a log line), alerts never do.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logging/logger';
import type { RelayConfig } from '../config';
import type { MessageButtons } from '../delivery-queue';
import type { QueuedAlert } from '../queued-alert';
import type { RateLimiter } from '../rate-limit';
import { botAudit } from './audit';
import { Authoriser } from './authorise';
import { botApi } from './bot-api';
import { messageButtons } from './buttons';
import { CallbackSigner } from './callback-data';
import { handleCommand, type PipelineHealth } from './commands';
import type { BotConfig } from './config';
import { MessageStore } from './message-store';
import { createPoller, type Update } from './poller';
import { type CallbackQuery, dropButtons, handlePress } from './press';
import { SilencesClient } from './silences';
import { UpdateOffset } from './update-offset';
import { registerWebhook, webhookRoute } from './webhook';

export interface Bot {
  buttons: MessageButtons;
  /** POST /telegram/webhook in webhook mode; none when polling. */
  routes: Router[];
  /** Loads the records and offset kept in the spool dir, then polls or sets the webhook. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Alerts the queue delivered: resolved ones may take their message's buttons away. */
  settled(items: readonly QueuedAlert[]): void;
}

export function setUpBot(options: {
  config: RelayConfig & { bot: BotConfig };
  registry: Registry;
  logger: Logger;
  limiter: RateLimiter;
  /** Alerts waiting in the delivery queue. */
  queueDepth(): number;
  health(): PipelineHealth;
}): Bot {
  const { config } = options;
  const log = options.logger.child({ logger: 'relay.bot' });
  const api = botApi(config.telegram);
  const signer = new CallbackSigner(config.bot.secret, config.bot.callbackTtlMs);
  const store = new MessageStore(config.spoolDir);
  const offset = new UpdateOffset(config.spoolDir);
  const onError = (err: unknown) =>
    log.warning({ err }, 'Could not save the bot state in the spool directory');
  const deps = {
    api,
    signer,
    authoriser: new Authoriser({ api, chatId: config.telegram.chatId, adminIds: config.bot.adminIds }),
    store,
    silences: new SilencesClient(config.bot.alertmanager),
    audit: botAudit(log, options.registry),
    timeZone: config.timeZone,
  };
  let stopping = false;
  async function send(chatId: number, html: string, markup?: unknown): Promise<void> {
    const giveUpAt = Date.now() + 60_000;
    while (options.queueDepth() > 0 || options.limiter.delayMs(Date.now()) > 0) {
      if (stopping || Date.now() > giveUpAt) {
        log.warning({ chat_id: chatId }, 'Command answer dropped: alerts kept the chat busy');
        return;
      }
      await sleep(Math.max(250, options.limiter.delayMs(Date.now())));
    }
    const answer = await api.call('sendMessage', {
      chat_id: chatId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    });
    if (answer.ok) options.limiter.record(Date.now());
    else log.warning({ reason: answer.description }, 'Command answer refused by Telegram');
  }
  async function handle(update: Update): Promise<void> {
    if (update.callback_query) await handlePress(update.callback_query as CallbackQuery, deps);
    // Not awaited: an answer waiting for the chat to be free must not hold presses behind it.
    else if (update.message)
      handleCommand(update.message as Parameters<typeof handleCommand>[0], {
        ...deps,
        send,
        health: options.health,
      }).catch((err: unknown) => log.error({ err }, 'Bot command failed'));
  }
  const hook = config.bot.webhook;
  const poller = hook ? undefined : createPoller({ api, offset, logger: log, handle });
  let registration: ReturnType<typeof registerWebhook> | undefined;

  async function resolved(fingerprint: string): Promise<void> {
    for (const [ref, record] of store.carrying(fingerprint)) {
      const left = record.fingerprints.filter((f) => f !== fingerprint);
      if (left.length === 0) await dropButtons(deps, ref);
      else await store.put(ref, { ...record, fingerprints: left });
    }
  }

  return {
    buttons: messageButtons({ signer, store, chatId: config.telegram.chatId, onError }),
    routes: hook ? [webhookRoute({ secret: hook.secret, handle, logger: log })] : [],
    async start() {
      await store.load();
      if (poller) {
        await offset.load();
        poller.start();
      } else if (hook) registration = registerWebhook({ api, ...hook, logger: log });
    },
    async stop() {
      stopping = true;
      registration?.stop();
      await poller?.stop();
    },
    settled(items) {
      for (const item of items)
        if (item.alert.status === 'resolved') resolved(item.alert.fingerprint).catch(onError);
    },
  };
}
