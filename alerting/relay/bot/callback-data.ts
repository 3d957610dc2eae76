/**
 * The `callback_data` of the bot's inline buttons, signed so that a press can be trusted: Telegram
 * hands back whatever a client sends, and any client can send any string. Each button says what to
 * do (an action code), to what (a short reference: the message's alert record, or a silence id), and
 * until when the button is valid; an HMAC-SHA256 with RELAY_BOT_SECRET, truncated, covers all three.
 *
 * Telegram allows 1 to 64 bytes of callback data, so the form is compact and ASCII only:
 *   <action>.<ref>.<expiry, unix seconds in base 36>.<MAC, 12 bytes base64url>
 * At most 1 + 1 + 36 + 1 + 7 + 1 + 16 = 63 bytes. 96 bits of MAC is far beyond what an attacker
 * can guess through Telegram's rate limits, and the expiry bounds how long a leaked button works.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What a button does. Under an alert message (ref: the message's record): silence for 1 h, 4 h or
 * 24 h, acknowledge, or undo either (Unsilence). Under /silences (ref: the silence id): expire it.
 */
export const ACTIONS = {
  '1': { kind: 'silence', hours: 1 },
  '4': { kind: 'silence', hours: 4 },
  d: { kind: 'silence', hours: 24 },
  a: { kind: 'ack' },
  u: { kind: 'unsilence' },
  x: { kind: 'expire' },
} as const;
export type ActionCode = keyof typeof ACTIONS;

export const TELEGRAM_CALLBACK_LIMIT_BYTES = 64;
export const DEFAULT_CALLBACK_TTL_MS = 7 * 24 * 3600_000;
/** A reference: an alert record key or a silence id (a UUID is 36 characters). */
export const REF_SYNTAX = /^[A-Za-z0-9_-]{1,36}$/;
const MAC_BYTES = 12;
/** Bumped if the form changes, so old buttons fail as forged rather than being misread. */
const DOMAIN = 'clicky-relay-callback-v1';

export interface Callback {
  action: ActionCode;
  ref: string;
  /** Milliseconds since the epoch, rounded down to the second. */
  expiresAt: number;
}

export type Verified = ({ ok: true } & Callback) | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

function mac(secret: string, action: string, ref: string, expiry: string): Buffer {
  return createHmac('sha256', secret)
    .update(`${DOMAIN}.${action}.${ref}.${expiry}`)
    .digest()
    .subarray(0, MAC_BYTES);
}

export class CallbackSigner {
  constructor(
    private readonly secret: string,
    private readonly ttlMs = DEFAULT_CALLBACK_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (secret.length === 0) throw new Error('callback signing needs a secret');
  }

  /** The callback data for a button; throws on a reference that does not fit (a bug, not input). */
  sign(action: ActionCode, ref: string, expiresAt = this.now() + this.ttlMs): string {
    if (!(action in ACTIONS)) throw new Error(`unknown button action ${JSON.stringify(action)}`);
    if (!REF_SYNTAX.test(ref)) throw new Error(`button reference ${JSON.stringify(ref)} does not fit`);
    const expiry = Math.floor(expiresAt / 1000).toString(36);
    return `${action}.${ref}.${expiry}.${mac(this.secret, action, ref, expiry).toString('base64url')}`;
  }

  /**
   * What a press asks for, if this relay signed it and it has not expired. The MAC is checked before
   * the expiry, so a button whose expiry was pushed forward reads as forged, not as valid.
   */
  verify(data: unknown): Verified {
    if (typeof data !== 'string' || Buffer.byteLength(data) > TELEGRAM_CALLBACK_LIMIT_BYTES)
      return { ok: false, reason: 'malformed' };
    const parts = data.split('.');
    if (parts.length !== 4) return { ok: false, reason: 'malformed' };
    const [action, ref, expiry, tag] = parts as [string, string, string, string];
    if (!Object.hasOwn(ACTIONS, action) || !REF_SYNTAX.test(ref) || !/^[0-9a-z]{1,9}$/.test(expiry))
      return { ok: false, reason: 'malformed' };
    const given = Buffer.from(tag, 'base64url');
    // base64url decoding is lenient; re-encoding catches a tag that merely decodes to the same bytes.
    if (given.length !== MAC_BYTES || given.toString('base64url') !== tag)
      return { ok: false, reason: 'forged' };
    if (!timingSafeEqual(given, mac(this.secret, action, ref, expiry)))
      return { ok: false, reason: 'forged' };
    const expiresAt = Number.parseInt(expiry, 36) * 1000;
    if (expiresAt <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, action: action as ActionCode, ref, expiresAt };
  }
}
