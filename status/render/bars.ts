/**
 * The 90 daily uptime bars of a monitor: a list whose items are coloured by the day's share of
 * successful probes, each with a tooltip (title) and the same words for screen readers, since a
 * colour alone says nothing to someone who cannot see it.
 */
import type { DayUptime } from '../model';
import { escapeXml } from './escape';
import { formatDate, formatShare } from './format';

export type BarLevel = 'none' | 'full' | 'high' | 'partial' | 'low';

/** The colour class of a day: all probes up, >= 99 %, >= 90 %, less, or no data. */
export function barLevel(share: number | null): BarLevel {
  if (share === null) return 'none';
  if (share >= 1) return 'full';
  if (share >= 0.99) return 'high';
  if (share >= 0.9) return 'partial';
  return 'low';
}

export function dayText(day: DayUptime): string {
  const share = day.share === null ? 'no data' : `${formatShare(day.share)} of probes successful`;
  return `${formatDate(day.date)}: ${share}`;
}

export function renderBars(days: readonly DayUptime[], label: string): string {
  const items = days.map((day) => {
    const text = escapeXml(dayText(day));
    return `<li class="bar ${barLevel(day.share)}" title="${text}"><span class="sr-only">${text}</span></li>`;
  });
  return `<ol class="bars" aria-label="${escapeXml(label)}">${items.join('')}</ol>`;
}

/** The share over the days with data, each day weighing the same; null when none has data. */
export function overallShare(days: readonly DayUptime[]): number | null {
  const known = days.flatMap((d) => (d.share === null ? [] : [d.share]));
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
}
