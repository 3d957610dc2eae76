/**
 * Coalescing: the alerts waiting for the chat, oldest first, packed into the next message. As many
 * whole alert blocks as fit in Telegram's 4096 characters go together, separated by a blank line;
 * the rest wait for the next message (and merge with what arrives meanwhile). An alert too long for
 * a message on its own goes alone, split into parts on line boundaries (format.ts splitHtml).
 */
import { splitHtml, TELEGRAM_MAX_LENGTH, visibleLength } from './format';
import { BLOCK_SEPARATOR } from './message';
import type { QueuedAlert } from './queued-alert';

/** One message in the making: the first `items` of the queue, as one or more parts. */
export interface Batch {
  items: QueuedAlert[];
  parts: string[];
  /** Parts already accepted by Telegram. */
  next: number;
  /** False once Telegram refused the markup: the parts go as plain text. */
  html: boolean;
}

/** `pending` must not be empty. */
export function packBatch(pending: readonly QueuedAlert[], render: (item: QueuedAlert) => string): Batch {
  const blocks: string[] = [];
  let width = 0;
  for (const item of pending) {
    const block = render(item);
    const total = (blocks.length > 0 ? width + BLOCK_SEPARATOR.length : 0) + visibleLength(block);
    if (total > TELEGRAM_MAX_LENGTH) break;
    blocks.push(block);
    width = total;
  }
  const first = pending[0] as QueuedAlert;
  if (blocks.length === 0) return { items: [first], parts: splitHtml(render(first)), next: 0, html: true };
  return {
    items: pending.slice(0, blocks.length),
    parts: [blocks.join(BLOCK_SEPARATOR)],
    next: 0,
    html: true,
  };
}
