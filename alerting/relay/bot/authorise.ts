/**
 * Who may act on alerts from the chat: the TELEGRAM_ADMIN_IDS, and members of the alert chat as
 * getChatMember says, cached for a minute so a burst of presses costs one call per person. It fails
 * closed: when Telegram cannot say, the press is refused (and not cached, so the next press asks
 * again).
 */
import type { BotApi } from './bot-api';

/** getChatMember statuses that mean "in the chat" ('restricted' only while is_member). */
const MEMBER = new Set(['creator', 'administrator', 'member']);
export const MEMBERSHIP_CACHE_MS = 60_000;

export type Decision = { allowed: true; as: 'admin' | 'member' } | { allowed: false; reason: string };

export class Authoriser {
  private readonly cache = new Map<number, { decision: Decision; until: number }>();

  constructor(
    private readonly options: {
      api: BotApi;
      chatId: string;
      adminIds: readonly string[];
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async decide(userId: number): Promise<Decision> {
    if (this.options.adminIds.includes(String(userId))) return { allowed: true, as: 'admin' };
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(userId);
    if (cached && cached.until > now) return cached.decision;
    const answer = await this.options.api.call<{ status?: string; is_member?: boolean }>('getChatMember', {
      chat_id: this.options.chatId,
      user_id: userId,
    });
    if (!answer.ok) return { allowed: false, reason: `membership unknown (${answer.description})` };
    const { status, is_member } = answer.result;
    const decision: Decision =
      MEMBER.has(status ?? '') || (status === 'restricted' && is_member === true)
        ? { allowed: true, as: 'member' }
        : { allowed: false, reason: `not a member of the alert chat (${status})` };
    this.cache.set(userId, { decision, until: now + (this.options.ttlMs ?? MEMBERSHIP_CACHE_MS) });
    if (this.cache.size > 10_000) this.cache.delete(this.cache.keys().next().value as number);
    return decision;
  }
}
