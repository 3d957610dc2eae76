/** The inline keyboards: under a firing message, under an acted-on one, under a /silences line. */
import type { CallbackSigner } from './callback-data';

export interface InlineKeyboard {
  inline_keyboard: { text: string; callback_data: string }[][];
}

export function firingKeyboard(signer: CallbackSigner, ref: string): InlineKeyboard {
  return {
    inline_keyboard: [
      [
        { text: '🔕 1h', callback_data: signer.sign('1', ref) },
        { text: '🔕 4h', callback_data: signer.sign('4', ref) },
        { text: '🔕 24h', callback_data: signer.sign('d', ref) },
        { text: '👀 Ack', callback_data: signer.sign('a', ref) },
      ],
    ],
  };
}

export function unsilenceKeyboard(signer: CallbackSigner, ref: string): InlineKeyboard {
  return { inline_keyboard: [[{ text: '🔔 Unsilence', callback_data: signer.sign('u', ref) }]] };
}

/** Telegram removes the keyboard when given an empty one (a resolved alert needs no buttons). */
export const NO_KEYBOARD: InlineKeyboard = { inline_keyboard: [] };
