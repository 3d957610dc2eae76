/**
 * The delivery path's side of the buttons (delivery-queue.ts MessageButtons): a keyboard for each
 * message whose firing alerts one silence can cover, and a record of it once Telegram accepted it.
 *
 * Decision (the issue is silent on coalesced messages): a message gets buttons when its firing
 * alerts share an alertname (one alert, one group block, or several blocks of one alert); a storm
 * message mixing alertnames gets none, since one silence cannot match them without silencing more
 * than was shown. A resolved-only message gets none either. The reference is random and signed
 * before the send, because the message id is only known after it.
 */
import { randomBytes } from 'node:crypto';
import type { MessageButtons } from '../delivery-queue';
import type { QueuedAlert } from '../queued-alert';
import type { CallbackSigner } from './callback-data';
import { firingKeyboard } from './keyboard';
import { type MessageStore, silenceLabels } from './message-store';

export function messageButtons(options: {
  signer: CallbackSigner;
  store: MessageStore;
  chatId: string;
  onError(err: unknown): void;
}): MessageButtons {
  const firing = (items: readonly QueuedAlert[]) => items.filter((item) => item.alert.status === 'firing');
  return {
    prepare(items) {
      const alerts = firing(items);
      const names = new Set(alerts.map((item) => item.alert.labels.alertname));
      if (alerts.length === 0 || names.size !== 1) return undefined;
      const ref = randomBytes(9).toString('base64url');
      return { ref, markup: firingKeyboard(options.signer, ref) };
    },
    sent(prepared, items, messageId, text, html) {
      const alerts = firing(items);
      // Fire and forget: the delivery loop does not wait for the bot's disk.
      options.store
        .put(prepared.ref, {
          chatId: options.chatId,
          messageId,
          text,
          html,
          labels: silenceLabels(alerts.map((item) => item.alert.labels)),
          fingerprints: alerts.map((item) => item.alert.fingerprint),
        })
        .catch(options.onError);
    },
  };
}
