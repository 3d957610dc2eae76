import { packBatch } from '../../../alerting/relay/coalesce';
import type { QueuedAlert } from '../../../alerting/relay/queued-alert';
import { testAlert } from '../../support/alertmanager-payload';

const items = (n: number): QueuedAlert[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    alert: testAlert({ labels: { instance: `i${i}` } }),
    acceptedAt: 0,
  }));

describe('packBatch', () => {
  it('packs as many whole blocks as fit in 4096 characters, oldest first, a blank line apart', () => {
    const render = (q: QueuedAlert) => `<b>${q.id}</b> ${'x'.repeat(1000)}`;
    const batch = packBatch(items(6), render);
    expect(batch.items.map((q) => q.id)).toEqual([1, 2, 3, 4]);
    expect(batch.parts).toHaveLength(1);
    expect(batch.parts[0]?.split('\n\n')).toHaveLength(4);
    expect(batch).toMatchObject({ next: 0, html: true });
  });

  it('counts what Telegram counts: markup and entities do not take room', () => {
    const render = () => `<b>&amp;</b>${'y'.repeat(2047)}`;
    expect(packBatch(items(3), render).items).toHaveLength(1);
    expect(packBatch(items(3), () => `<b>&amp;</b>${'y'.repeat(2046)}`).items).toHaveLength(2);
  });

  it('sends an alert longer than a message alone, in parts', () => {
    const render = (q: QueuedAlert) =>
      q.id === 1 ? Array.from({ length: 100 }, () => 'z'.repeat(99)).join('\n') : 'small';
    const batch = packBatch(items(2), render);
    expect(batch.items.map((q) => q.id)).toEqual([1]);
    expect(batch.parts.length).toBe(3);
  });
});
