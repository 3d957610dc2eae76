/**
 * The bot wired from the relay's configuration (relay.ts calls this when RELAY_BOT is on): buttons
 * for the delivery queue, the getUpdates poller handling presses, and buttons dropped once every
 * alert a message carries has resolved. Commands are not handled yet (README, "Two-way bot").
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../../lib/logging/logger';
import type { RelayConfig } from '../config';
import type { MessageButtons } from '../delivery-queue';
import type { QueuedAlert } from '../queued-alert';
import { botAudit } from './audit';
import { Authoriser } from './authorise';
import { botApi } from './bot-api';
import { messageButtons } from './buttons';
import { CallbackSigner } from './callback-data';
import type { BotConfig } from './config';
import { MessageStore } from './message-store';
import { createPoller } from './poller';
import { type CallbackQuery, dropButtons, handlePress } from './press';
import { SilencesClient } from './silences';
import { UpdateOffset } from './update-offset';

export interface Bot {
  buttons: MessageButtons;
  /** Loads the records and offset kept in the spool dir, then polls. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Alerts the queue delivered: resolved ones may take their message's buttons away. */
  settled(items: readonly QueuedAlert[]): void;
}

export function setUpBot(options: {
  config: RelayConfig & { bot: BotConfig };
  registry: Registry;
  logger: Logger;
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
  const poller = createPoller({
    api,
    offset,
    logger: log,
    async handle(update) {
      if (update.callback_query) await handlePress(update.callback_query as CallbackQuery, deps);
    },
  });

  async function resolved(fingerprint: string): Promise<void> {
    for (const [ref, record] of store.carrying(fingerprint)) {
      const left = record.fingerprints.filter((f) => f !== fingerprint);
      if (left.length === 0) await dropButtons(deps, ref);
      else await store.put(ref, { ...record, fingerprints: left });
    }
  }

  return {
    buttons: messageButtons({ signer, store, chatId: config.telegram.chatId, onError }),
    async start() {
      await store.load();
      await offset.load();
      poller.start();
    },
    stop: () => poller.stop(),
    settled(items) {
      for (const item of items)
        if (item.alert.status === 'resolved') resolved(item.alert.fingerprint).catch(onError);
    },
  };
}
