/**
 * One button press (a callback_query update), start to end: check the signature and expiry, check
 * the person, act (Alertmanager silence, ack, unsilence, expire), edit the message in place, and
 * answer the query. The answer is sent whatever happens, so the client's spinner always stops; a
 * failure leaves the record and the message as they were (nothing half-done), and says why.
 */
import { escapeHtml } from '../format';
import { formatTime } from '../time-format';
import type { Audit, AuditAction } from './audit';
import type { Authoriser } from './authorise';
import type { BotApi } from './bot-api';
import { ACTIONS, type CallbackSigner } from './callback-data';
import { firingKeyboard, type InlineKeyboard, NO_KEYBOARD, unsilenceKeyboard } from './keyboard';
import type { MessageRecord, MessageStore } from './message-store';
import { createdBy, matchersFor, type Presser, SilenceError, type SilencesClient } from './silences';

export interface CallbackQuery {
  id: string;
  from: { id: number; username?: string; first_name?: string };
  data?: string;
  message?: { message_id: number; chat: { id: number } };
}

export interface PressDeps {
  api: BotApi;
  signer: CallbackSigner;
  authoriser: Authoriser;
  store: MessageStore;
  silences: SilencesClient;
  audit: Audit;
  timeZone: string;
  now?: () => number;
}

export const REFUSALS = {
  invalid: 'This button is not valid any more. Use /alerts for fresh ones.',
  stranger: 'Sorry, only the on-call team can act on alerts here.',
  stale: 'I no longer know this message; use /alerts or Alertmanager.',
} as const;

export async function handlePress(query: CallbackQuery, deps: PressDeps): Promise<void> {
  let answer: { text: string; alert?: boolean } = { text: 'Done' };
  try {
    answer = await act(query, deps);
  } catch (err) {
    answer = { text: 'Something went wrong; nothing was changed.', alert: true };
    deps.audit({ action: 'unknown', result: 'failed', user: userOf(query), reason: (err as Error).message });
  } finally {
    // Unanswered, the client spins for a while; a failure here is Telegram's and only costs that.
    await deps.api.call('answerCallbackQuery', {
      callback_query_id: query.id,
      text: answer.text,
      ...(answer.alert ? { show_alert: true } : {}),
    });
  }
}

const userOf = (q: CallbackQuery) => ({ id: q.from.id, username: q.from.username });
const presserOf = (q: CallbackQuery): Presser => ({
  id: q.from.id,
  username: q.from.username,
  firstName: q.from.first_name,
});

async function act(query: CallbackQuery, deps: PressDeps): Promise<{ text: string; alert?: boolean }> {
  const now = (deps.now ?? Date.now)();
  const user = userOf(query);
  const verified = deps.signer.verify(query.data);
  if (!verified.ok) {
    const result = verified.reason === 'expired' ? 'expired' : 'forged';
    deps.audit({ action: 'unknown', result, user, reason: verified.reason });
    return { text: REFUSALS.invalid, alert: true };
  }
  const kind = ACTIONS[verified.action].kind;
  const action: AuditAction = kind;
  const decision = await deps.authoriser.decide(query.from.id);
  if (!decision.allowed) {
    deps.audit({ action, result: 'refused', user, reason: decision.reason });
    return { text: REFUSALS.stranger, alert: true };
  }

  if (kind === 'expire') {
    try {
      await deps.silences.expire(verified.ref);
    } catch (err) {
      if (!(err instanceof SilenceError)) throw err;
      deps.audit({ action, result: 'failed', user, silenceId: verified.ref, reason: err.message });
      return { text: err.userMessage, alert: true };
    }
    deps.audit({ action, result: 'ok', user, silenceId: verified.ref });
    return { text: 'Silence expired.' };
  }

  const record = deps.store.get(verified.ref);
  if (!record || query.message?.message_id !== record.messageId) {
    deps.audit({ action, result: 'stale', user });
    return { text: REFUSALS.stale, alert: true };
  }
  const by = createdBy(presserOf(query));
  try {
    if (kind === 'silence') {
      const durationMs = ACTIONS[verified.action as '1' | '4' | 'd'].hours * 3600_000;
      // A second silence over an existing one would outlive an Unsilence of the first.
      if (record.acted?.silenceId) await deps.silences.expire(record.acted.silenceId);
      const silenceId = await deps.silences.create({
        matchers: matchersFor(record.labels),
        durationMs,
        by: presserOf(query),
      });
      const until = now + durationMs;
      await settle(deps, verified.ref, record, { action: 'silence', by, at: now, silenceId, until });
      deps.audit({ action, result: 'ok', user, matchers: record.labels, silenceId });
      return { text: `Silenced until ${formatTime(until, deps.timeZone)}` };
    }
    if (kind === 'ack') {
      await settle(deps, verified.ref, record, { action: 'ack', by, at: now });
      deps.audit({ action, result: 'ok', user, matchers: record.labels });
      return { text: 'Acknowledged' };
    }
    // unsilence: expire our silence, if any, then back to the firing buttons.
    const silenceId = record.acted?.silenceId;
    if (silenceId) await deps.silences.expire(silenceId);
    await settle(deps, verified.ref, record, undefined);
    deps.audit({ action, result: 'ok', user, matchers: record.labels, silenceId });
    return { text: silenceId ? 'Silence expired' : 'Acknowledgement withdrawn' };
  } catch (err) {
    if (!(err instanceof SilenceError)) throw err;
    deps.audit({ action, result: 'failed', user, matchers: record.labels, reason: err.message });
    return { text: err.userMessage, alert: true };
  }
}

/** Records what was done and edits the message to say so; the record is saved first. */
async function settle(deps: PressDeps, ref: string, record: MessageRecord, acted: MessageRecord['acted']) {
  const next = { ...record, acted };
  await deps.store.put(ref, next);
  const keyboard: InlineKeyboard = acted
    ? unsilenceKeyboard(deps.signer, ref)
    : firingKeyboard(deps.signer, ref);
  await deps.api.call('editMessageText', {
    chat_id: record.chatId,
    message_id: record.messageId,
    text: editedText(next, deps.timeZone),
    ...(record.html ? { parse_mode: 'HTML' } : {}),
    link_preview_options: { is_disabled: true },
    reply_markup: keyboard,
  });
}

/** The message as sent, plus one line saying who did what and until when. */
export function editedText(record: MessageRecord, timeZone: string): string {
  const acted = record.acted;
  if (!acted) return record.text;
  const when = formatTime(acted.at, timeZone);
  const line =
    acted.action === 'silence'
      ? `🔕 Silenced by ${acted.by} at ${when} until ${formatTime(acted.until ?? acted.at, timeZone)}`
      : `👀 Acknowledged by ${acted.by} at ${when}`;
  return `${record.text}\n\n${record.html ? escapeHtml(line) : line}`;
}

/** When every alert a message carries has resolved, its buttons go. */
export async function dropButtons(deps: Pick<PressDeps, 'api' | 'store'>, ref: string): Promise<void> {
  const record = deps.store.get(ref);
  if (!record) return;
  await deps.api.call('editMessageReplyMarkup', {
    chat_id: record.chatId,
    message_id: record.messageId,
    reply_markup: NO_KEYBOARD,
  });
  await deps.store.remove(ref);
}
