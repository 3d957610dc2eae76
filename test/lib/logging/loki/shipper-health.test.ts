import { ShipperHealth, type ShipperHealthOptions } from '../../../../lib/logging/loki/shipper-health';
import { waitFor } from '../../../support/wait';

const failure = (reason: string, status?: number) => ({
  at: new Date().toISOString(),
  status,
  reason,
  lines: 2,
});

function health(options: Partial<ShipperHealthOptions> = {}): { health: ShipperHealth; reports: string[] } {
  const reports: string[] = [];
  const report = (message: string) => reports.push(message);
  return {
    health: new ShipperHealth({ origin: 'http://loki:3100', report, reportIntervalMs: 60_000, ...options }),
    reports,
  };
}

test('counts sent, failed and rejected pushes, and keeps the last error of each kind', () => {
  const { health: h } = health();
  h.sent(3);
  h.pushFailed(failure('ECONNREFUSED'));
  h.pushFailed(failure('timeout'));
  h.rejected(failure('too old', 400), 2);
  expect(h.stats(7)).toEqual({ sent_lines: 3, dropped_lines: 2, buffered_lines: 7, failed_pushes: 3 });
  expect(h.lastErrors()).toEqual({
    push: expect.objectContaining({ reason: 'timeout' }),
    rejection: expect.objectContaining({ reason: 'too old', status: 400 }),
  });
});

test('lastErrors() is a copy', () => {
  const { health: h } = health();
  h.lastErrors().push = failure('not mine');
  expect(h.lastErrors()).toEqual({});
});

test('onDrop is told later, once per burst, and its throwing goes nowhere', async () => {
  const drops: number[] = [];
  const { health: h } = health({
    onDrop: (count) => {
      drops.push(count);
      throw new Error('boom');
    },
  });
  h.drop(2);
  h.drop(0);
  h.rejected(failure('too old', 400), 3);
  expect(drops).toEqual([]); // never from within the caller
  await waitFor('onDrop', () => drops.length > 0);
  h.drop(1);
  await waitFor('onDrop again', () => drops.length > 1);
  expect(drops).toEqual([5, 1]);
  expect(h.stats(0).dropped_lines).toBe(6);
});

test('one diagnostic line per interval, naming Loki and the counters', () => {
  const { health: h, reports } = health();
  h.pushFailed(failure('ECONNREFUSED'));
  h.report('push failed (ECONNREFUSED), retrying', 4);
  h.report('push failed again', 5);
  expect(reports).toEqual([
    'loki-shipper: http://loki:3100: push failed (ECONNREFUSED), retrying; buffered_lines=4 dropped_lines=0 failed_pushes=1',
  ]);
});

test('a report that throws goes nowhere', () => {
  const { health: h } = health({
    report: () => {
      throw new Error('EPIPE');
    },
  });
  expect(() => h.report('push failed', 0)).not.toThrow();
});
