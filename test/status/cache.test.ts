import { createStatusCache, type View } from '../../status/cache';
import type { Snapshot } from '../../status/model';
import { capturedLogger } from '../support/captured-logger';
import { NOW, snapshot } from './support/snapshot';

function setup(collect: (now: number) => Promise<Snapshot>) {
  let clock = NOW * 1000;
  const renders: View[] = [];
  const log = capturedLogger();
  const cache = createStatusCache({
    collect,
    render: (view) => {
      renders.push(view);
      return { view };
    },
    intervalMs: 60_000,
    clock: () => clock,
    logger: log.logger,
  });
  return { cache, renders, log, advance: (ms: number) => (clock += ms) };
}

test('before the first refresh it renders an empty view; a refresh renders the snapshot', async () => {
  const first = snapshot({ collectedAt: NOW });
  const { cache } = setup(async () => first);
  expect(cache.current().view).toEqual({ snapshot: undefined, now: NOW, failingSince: undefined });
  await cache.refresh();
  expect(cache.current().view).toEqual({ snapshot: first, now: NOW, failingSince: undefined });
});

test('requests read what was rendered: Prometheus is read once per refresh, never per read', async () => {
  const collect = jest.fn(async (now: number) => snapshot({ collectedAt: now }));
  const { cache } = setup(collect);
  await cache.refresh();
  for (let i = 0; i < 1000; i++) cache.current();
  expect(collect).toHaveBeenCalledTimes(1);
});

test('a failed refresh keeps the last snapshot, re-rendered with the time and the failure start', async () => {
  let fail = false;
  const { cache, advance, log } = setup(async (now) => {
    if (fail) throw new Error('connect ECONNREFUSED');
    return snapshot({ collectedAt: now });
  });
  await cache.refresh();
  fail = true;
  advance(60_000);
  await cache.refresh();
  advance(60_000);
  await cache.refresh();
  expect(cache.current().view).toEqual({
    snapshot: snapshot({ collectedAt: NOW }),
    now: NOW + 120,
    failingSince: NOW + 60,
  });
  // One warning per outage, not one per refresh.
  expect(log.records().filter((r) => r.level === 'WARNING')).toHaveLength(1);

  fail = false;
  advance(60_000);
  await cache.refresh();
  expect(cache.current().view).toEqual({
    snapshot: snapshot({ collectedAt: NOW + 180 }),
    now: NOW + 180,
    failingSince: undefined,
  });
  expect(log.records().some((r) => r.message === 'Prometheus answers again')).toBe(true);
});

test('a renderer that throws keeps the previous answers', async () => {
  let calls = 0;
  const log = capturedLogger();
  const cache = createStatusCache({
    collect: async () => snapshot(),
    render: () => {
      calls += 1;
      if (calls > 1) throw new Error('bug');
      return calls;
    },
    intervalMs: 60_000,
    logger: log.logger,
  });
  await cache.refresh();
  expect(cache.current()).toBe(1);
  expect(log.records().some((r) => r.level === 'ERROR')).toBe(true);
});

test('start() refreshes at once and again after the interval; stop() ends the loop', async () => {
  jest.useFakeTimers();
  try {
    const collect = jest.fn(async () => snapshot());
    const { cache } = setup(collect);
    cache.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(collect).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(collect).toHaveBeenCalledTimes(2);
    cache.stop();
    await jest.advanceTimersByTimeAsync(180_000);
    expect(collect).toHaveBeenCalledTimes(2);
  } finally {
    jest.useRealTimers();
  }
});
