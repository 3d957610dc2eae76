/**
 * Coalescing: the alerts waiting for the chat packed into the next message. Waiting alerts that
 * share a name, status and severity go together as one block (alert-group.ts), groups in the order
 * their oldest alert arrived, a blank line apart, as many as fit in Telegram's 4096 characters; a
 * group that does not fit whole gives the message as many of its alerts as fit. The rest wait for
 * the next message (and merge with what arrives meanwhile). An alert too long for a message on its
 * own goes alone, split into parts on line boundaries (format.ts splitHtml).
 */
import { groupKey } from './alert-group';
import { splitHtml, TELEGRAM_MAX_LENGTH, visibleLength } from './format';
import { BLOCK_SEPARATOR } from './message';
import type { QueuedAlert } from './queued-alert';

/** One message in the making: some of the waiting alerts, as one or more parts. */
export interface Batch {
  items: QueuedAlert[];
  parts: string[];
  /** Parts already accepted by Telegram. */
  next: number;
  /** False once Telegram refused the markup: the parts go as plain text. */
  html: boolean;
}

/** Renders alerts of one group key as one block. */
export type RenderGroup = (items: readonly QueuedAlert[]) => string;

/** `pending` must not be empty. */
export function packBatch(pending: readonly QueuedAlert[], render: RenderGroup): Batch {
  const items: QueuedAlert[] = [];
  const blocks: string[] = [];
  let width = 0;
  for (const group of groupsOf(pending)) {
    const room = TELEGRAM_MAX_LENGTH - (blocks.length > 0 ? width + BLOCK_SEPARATOR.length : 0);
    const fit = largestFit(group, render, room);
    if (fit) {
      items.push(...group.slice(0, fit.count));
      blocks.push(fit.block);
      width = TELEGRAM_MAX_LENGTH - room + fit.width;
    }
    if (!fit || fit.count < group.length) break;
  }
  if (blocks.length === 0) {
    const first = pending[0] as QueuedAlert;
    return { items: [first], parts: splitHtml(render([first])), next: 0, html: true };
  }
  return { items, parts: [blocks.join(BLOCK_SEPARATOR)], next: 0, html: true };
}

/** Waiting alerts by group key, each group in arrival order, groups by their first arrival. */
function groupsOf(pending: readonly QueuedAlert[]): QueuedAlert[][] {
  const groups = new Map<string, QueuedAlert[]>();
  for (const item of pending) {
    const key = groupKey(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** The most of `group`'s first alerts whose block fits in `room` visible characters, if any. */
function largestFit(group: QueuedAlert[], render: RenderGroup, room: number) {
  const measure = (count: number) => {
    const block = render(group.slice(0, count));
    return { count, block, width: visibleLength(block) };
  };
  const whole = measure(group.length);
  if (whole.width <= room) return whole;
  // Binary search: a block only grows with the alerts it holds.
  let best: ReturnType<typeof measure> | undefined;
  let low = 1;
  let high = group.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const tried = measure(mid);
    if (tried.width <= room) {
      best = tried;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}
