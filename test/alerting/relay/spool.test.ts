import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memorySpool, openFileSpool, SPOOL_FILE, type SpoolRecord } from '../../../alerting/relay/spool';
import { testAlert } from '../../support/alertmanager-payload';
import { waitFor } from '../../support/wait';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'relay-spool-')), 'nested');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const alertRecord = (id: number, instance = `i${id}`, until = 10_000): SpoolRecord => ({
  t: 'alert',
  id,
  at: 1000 + id,
  until,
  alert: testAlert({ labels: { instance } }),
});
const lines = () =>
  readFileSync(join(dir, SPOOL_FILE), 'utf8')
    .split('\n')
    .filter((l) => l !== '');

describe('file spool', () => {
  it('starts empty in a new directory', async () => {
    const { spool, state } = await openFileSpool(dir, { maxSeen: 10 });
    expect(spool.durable).toBe(true);
    expect(state).toEqual({ pending: [], seen: [], nextId: 1, skipped: 0 });
    await spool.close();
  });

  it('gives back undelivered alerts and the dedup state after a restart', async () => {
    const first = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await first.spool.append([alertRecord(1), alertRecord(2), alertRecord(3)]);
    await first.spool.append([{ t: 'done', ids: [1, 3] }]);
    // No close: as after kill -9.
    const second = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    expect(second.state.pending).toEqual([
      { id: 2, alert: testAlert({ labels: { instance: 'i2' } }), acceptedAt: 1002 },
    ]);
    expect(second.state.nextId).toBe(4);
    expect(second.state.seen.map((e) => [e.status, e.until])).toEqual([
      ['firing', 10_000],
      ['firing', 10_000],
      ['firing', 10_000],
    ]);
    await first.spool.close();
    await second.spool.close();
  });

  it('skips a line torn by a crash', async () => {
    const first = await openFileSpool(dir, { maxSeen: 10 });
    await first.spool.append([alertRecord(1)]);
    await first.spool.close();
    appendFileSync(join(dir, SPOOL_FILE), '{"t":"alert","id":2,"at":');
    const second = await openFileSpool(dir, { maxSeen: 10 });
    expect(second.state.skipped).toBe(1);
    expect(second.state.pending.map((p) => p.id)).toEqual([1]);
    await second.spool.append([alertRecord(5)]);
    await second.spool.close();
    // Rewritten at open without the torn line: every line parses.
    expect(
      lines().map((l) => [(JSON.parse(l) as SpoolRecord).t, (JSON.parse(l) as { id?: number }).id]),
    ).toEqual([
      ['alert', 1],
      ['alert', 5],
    ]);
  });

  it('compacts on open: delivered alerts and expired dedup entries are gone', async () => {
    const first = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await first.spool.append([alertRecord(1, 'a', 50), alertRecord(2, 'b', 500)]);
    await first.spool.append([{ t: 'done', ids: [1, 2] }]);
    await first.spool.close();
    const second = await openFileSpool(dir, { maxSeen: 10, now: () => 100 });
    expect(second.state.pending).toEqual([]);
    expect(second.state.seen.map((e) => e.until)).toEqual([500]);
    expect(lines()).toEqual([expect.stringContaining('"t":"seen"')]);
    await second.spool.close();
  });

  it('shares fsyncs between concurrent appends and compacts as it goes', async () => {
    const { spool } = await openFileSpool(dir, { maxSeen: 5000, now: () => 0 });
    const appends: Promise<void>[] = [];
    for (let id = 1; id <= 1500; id++) {
      appends.push(spool.append([alertRecord(id)]).then(() => spool.append([{ t: 'done', ids: [id] }])));
    }
    await Promise.all(appends);
    await spool.close();
    expect(lines().length).toBeLessThan(3000);
    const reopened = await openFileSpool(dir, { maxSeen: 5000, now: () => 0 });
    expect(reopened.state.pending).toEqual([]);
    expect(reopened.state.seen).toHaveLength(1500);
    // Ids only need to be unique among the alerts the spool holds: none here.
    expect(reopened.state.nextId).toBe(1);
    await reopened.spool.close();
  });

  it('bounds the dedup entries it keeps', async () => {
    const first = await openFileSpool(dir, { maxSeen: 2, now: () => 0 });
    await first.spool.append([alertRecord(1), alertRecord(2), alertRecord(3)]);
    await first.spool.append([{ t: 'done', ids: [1, 2, 3] }]);
    await first.spool.close();
    const second = await openFileSpool(dir, { maxSeen: 2, now: () => 0 });
    expect(second.state.seen.map((e) => e.fingerprint)).toEqual([
      testAlert({ labels: { instance: 'i2' } }).fingerprint,
      testAlert({ labels: { instance: 'i3' } }).fingerprint,
    ]);
    await second.spool.close();
  });

  it('refuses appends once closed', async () => {
    const { spool } = await openFileSpool(dir, { maxSeen: 2 });
    await spool.close();
    await expect(spool.append([alertRecord(1)])).rejects.toThrow('spool closed');
  });

  it('fails to open where it cannot write', async () => {
    const file = join(dir, '..', 'a-file');
    appendFileSync(file, 'x');
    await expect(openFileSpool(join(file, 'spool'), { maxSeen: 2 })).rejects.toThrow('ENOTDIR');
  });
});

describe('a spool deleted under the relay', () => {
  const pendingIds = async () => {
    const reopened = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await reopened.spool.close();
    return reopened.state.pending.map((p) => p.id);
  };

  it('is re-created with what it held before the next append resolves, so a restart finds it all', async () => {
    const { spool } = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await spool.append([alertRecord(1), alertRecord(2)]);
    await spool.append([{ t: 'done', ids: [1] }]);
    rmSync(dir, { recursive: true, force: true });
    await spool.append([alertRecord(3)]);
    expect(spool.status()).toBe('file');
    // No close: as after kill -9.
    expect(await pendingIds()).toEqual([2, 3]);
    await spool.close();
  });

  it('notices a replaced file too (another inode), and repairs itself between appends', async () => {
    const { spool } = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await spool.append([alertRecord(1)]);
    rmSync(join(dir, SPOOL_FILE));
    writeFileSync(join(dir, SPOOL_FILE), '');
    expect(spool.status()).toBe('missing');
    await waitFor('the repair', () => spool.status() === 'file');
    expect(await pendingIds()).toEqual([1]);
    await spool.close();
  });

  it('fails appends and says missing while the directory cannot be re-created, and recovers without a restart', async () => {
    const { spool } = await openFileSpool(dir, { maxSeen: 10, now: () => 0 });
    await spool.append([alertRecord(1)]);
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'a file where the directory was');
    await expect(spool.append([alertRecord(2)])).rejects.toThrow();
    expect(spool.status()).toBe('missing');
    rmSync(dir);
    await spool.append([alertRecord(3)]);
    expect(spool.status()).toBe('file');
    // 2 was refused (503) but had reached the index: kept, as a possible duplicate, never a loss.
    expect(await pendingIds()).toEqual([1, 2, 3]);
    await spool.close();
  });
});

describe('memory spool', () => {
  it('keeps nothing and says so', async () => {
    const spool = memorySpool();
    expect([spool.durable, spool.status()]).toEqual([false, 'memory']);
    await expect(spool.append([alertRecord(1)])).resolves.toBeUndefined();
  });
});
