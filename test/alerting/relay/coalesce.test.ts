import { packBatch, type RenderGroup } from '../../../alerting/relay/coalesce';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import { testAlert } from '../../support/alertmanager-payload';

let nextId = 1;
const queued = (alertname: string, extra: Partial<Parameters<typeof testAlert>[0]> = {}): QueuedAlert => ({
  id: nextId++,
  alert: testAlert({ ...extra, labels: { alertname, instance: `i${nextId}`, ...extra?.labels } }),
  acceptedAt: 0,
});
const ids = (items: readonly QueuedAlert[]) => items.map((q) => q.id);

/** "<b>Name</b> 1,2,3" padded with `x` to `width` visible characters per alert. */
const fixedWidth =
  (width: number): RenderGroup =>
  (items) =>
    `<b>${items[0]?.alert.labels.alertname}</b> ${'x'.repeat(width * items.length - 9)}`;

describe('packBatch', () => {
  it('puts the waiting alerts of one name together, groups in order of their first alert', () => {
    const pending = [queued('A'), queued('B'), queued('A'), queued('C'), queued('B')];
    const render: RenderGroup = (items) => `${items[0]?.alert.labels.alertname}: ${ids(items).join(',')}`;
    const [a1, b1, a2, c1, b2] = ids(pending);
    const batch = packBatch(pending, render);
    expect(batch.parts).toEqual([`A: ${a1},${a2}\n\nB: ${b1},${b2}\n\nC: ${c1}`]);
    expect(ids(batch.items)).toEqual([a1, a2, b1, b2, c1]);
    expect(batch).toMatchObject({ next: 0, html: true });
  });

  it('keeps firing and resolved, and different severities, apart', () => {
    const pending = [
      queued('A'),
      queued('A', { status: 'resolved' }),
      queued('A', { labels: { severity: 'warning' } }),
      queued('A'),
    ];
    const sizes: number[] = [];
    packBatch(pending, (items) => {
      sizes.push(items.length);
      return 'x';
    });
    expect(sizes).toEqual([2, 1, 1]);
  });

  it('packs as many whole groups as fit in 4096 characters, the rest waiting', () => {
    const pending = ['A', 'B', 'C', 'D', 'E', 'F'].map((name) => queued(name));
    const batch = packBatch(pending, fixedWidth(1000));
    expect(ids(batch.items)).toEqual(ids(pending.slice(0, 4)));
    expect(batch.parts[0]?.split('\n\n')).toHaveLength(4);
  });

  it('gives a group too big for the message as many of its alerts as fit, oldest first', () => {
    const pending = [queued('A'), ...Array.from({ length: 30 }, () => queued('B')), queued('C')];
    const batch = packBatch(pending, fixedWidth(300));
    // About 300 characters an alert: A, then 12 of B fill the message; C waits.
    expect(ids(batch.items)).toEqual(ids(pending.slice(0, 13)));
    const rest = pending.filter((q) => !batch.items.includes(q));
    expect(ids(packBatch(rest, fixedWidth(300)).items)).toEqual(ids(rest.slice(0, 13)));
  });

  it('counts what Telegram counts: markup and entities do not take room', () => {
    const pending = [queued('A'), queued('B'), queued('C')];
    expect(packBatch(pending, () => `<b>&amp;</b>${'y'.repeat(2047)}`).items).toHaveLength(1);
    expect(packBatch(pending, () => `<b>&amp;</b>${'y'.repeat(2046)}`).items).toHaveLength(2);
  });

  it('sends an alert longer than a message alone, in parts', () => {
    const pending = [queued('A'), queued('B')];
    const render: RenderGroup = (items) =>
      items[0] === pending[0] ? Array.from({ length: 100 }, () => 'z'.repeat(99)).join('\n') : 'small';
    const batch = packBatch(pending, render);
    expect(ids(batch.items)).toEqual([pending[0]?.id]);
    expect(batch.parts.length).toBe(3);
  });
});
