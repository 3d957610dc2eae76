import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimStore, STALE_TEMP_MS, UNREADABLE_HELD_MS } from '../../../../alerting/relay/ha/claims';
import { startProcess } from '../../../support/run-process';
import { waitFor } from '../../../support/wait';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-claims-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const T = 1_000_000;
const onlyFile = () => {
  const names = readdirSync(dir);
  expect(names).toHaveLength(1);
  return join(dir, names[0] as string);
};

describe('claims shared by two relays through one directory', () => {
  it('gives an alert to the first relay that claims it, and skips it on the other', () => {
    const a = claimStore(dir, 'relay-a');
    const b = claimStore(dir, 'relay-b');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'firing', T + 60_000, T)).toBe(false);
  });

  it('keeps firing and resolved apart: the resolution is news of its own', () => {
    const a = claimStore(dir, 'relay-a');
    const b = claimStore(dir, 'relay-b');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'resolved', T + 60_000, T + 1)).toBe(true);
  });

  it('lets the repeat after the cooldown be claimed again, by exactly one relay', () => {
    const a = claimStore(dir, 'relay-a');
    const b = claimStore(dir, 'relay-b');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'firing', T + 120_000, T + 59_999)).toBe(false);
    expect(b.claim('fp1', 'firing', T + 120_000, T + 60_000)).toBe(true);
    expect(a.claim('fp1', 'firing', T + 120_000, T + 60_000)).toBe(false);
  });

  it('hands a released claim (spool write failed) to the peer', () => {
    const a = claimStore(dir, 'relay-a');
    const b = claimStore(dir, 'relay-b');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    a.release('fp1', 'firing');
    expect(b.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(false);
  });

  it('releases by marking the claim free, never by deleting the latest generation', () => {
    // Deleted, a peer that read the directory before the release would go for the next generation
    // and one that read it after for the deleted one: both could win.
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    const claimFile = onlyFile();
    a.release('fp1', 'firing');
    expect(readFileSync(claimFile, 'utf8')).toBe('0');
    expect(onlyFile()).toBe(claimFile);
  });

  it('sweeps superseded generations and keeps the one in force', () => {
    const a = claimStore(dir, 'relay-a');
    for (let i = 0; i < 3; i++) expect(a.claim('fp1', 'firing', T + (i + 1) * 10, T + i * 10)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(3);
    expect(a.sweep()).toBe(2);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 100, T + 25)).toBe(false);
  });
});

describe('a claim in force held by the relay itself', () => {
  // The relay's next life over the same directory, its identity kept in its spool (identity.ts): it
  // claimed the alert, then died before spooling it; the peer dropped it as claimed.
  it('is won again, so the alert is sent now rather than after the cooldown', () => {
    const before = claimStore(dir, 'relay-a');
    expect(before.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 60_000, T)).toBe(false);
    const after = claimStore(dir, 'relay-a');
    expect(after.claim('fp1', 'firing', T + 65_000, T + 5000)).toBe(true);
    // Extended to the new time: the peer still skips it until then.
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 125_000, T + 64_999)).toBe(false);
  });

  it("records who holds it, and leaves the peer's and an older relay's (the time alone) held", () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(readFileSync(onlyFile(), 'utf8')).toBe(`${T + 60_000} relay-a`);
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 60_000, T + 1)).toBe(false);
    writeFileSync(onlyFile(), String(T + 60_000));
    expect(claimStore(dir, 'relay-a').claim('fp1', 'firing', T + 60_000, T + 1)).toBe(false);
  });

  it('is given back to the peer like any other when its spool write fails again', () => {
    const before = claimStore(dir, 'relay-a');
    expect(before.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    const after = claimStore(dir, 'relay-a');
    expect(after.claim('fp1', 'firing', T + 60_000, T + 1)).toBe(true);
    after.release('fp1', 'firing');
    after.sweep();
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 60_000, T + 2)).toBe(true);
  });

  it('is never won by both when the peer takes the next generation first', () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    const stale = readdirSync(dir);
    // The peer takes generation 1 after ours expired; our next life, late on the clock or on a stale
    // listing, still sees generation 0 as ours in force.
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 70, T + 10)).toBe(true);
    jest.spyOn(require('node:fs') as typeof import('node:fs'), 'readdirSync').mockReturnValue(stale as never);
    expect(claimStore(dir, 'relay-a').claim('fp1', 'firing', T + 70, T + 5)).toBe(false);
  });

  it('needs an identity that fits the claim text', () => {
    expect(() => claimStore(dir, 'two words')).toThrow('invalid relay identity');
    expect(() => claimStore(dir, '')).toThrow('invalid relay identity');
  });
});

describe('a claim file caught without its time', () => {
  it('counts as held while the peer may still be writing it (empty, as an O_EXCL create leaves it)', () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    truncateSync(onlyFile());
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 60_000, T + 1)).toBe(false);
  });

  it('counts as held until UNREADABLE_HELD_MS after its mtime, then as expired', () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 3_600_000, T)).toBe(true);
    const claimFile = onlyFile();
    writeFileSync(claimFile, 'not a time');
    utimesSync(claimFile, new Date(T), new Date(T));
    const b = claimStore(dir, 'relay-b');
    expect(b.claim('fp1', 'firing', T + 3_600_000, T + UNREADABLE_HELD_MS - 1)).toBe(false);
    expect(b.claim('fp1', 'firing', T + 3_600_000, T + UNREADABLE_HELD_MS)).toBe(true);
    expect(a.claim('fp1', 'firing', T + 3_600_000, T + UNREADABLE_HELD_MS)).toBe(false);
  });

  it('is never seen: two processes claiming the same alerts at once never both win one', async () => {
    const KEYS = 1000;
    const racer = join(__dirname, 'claim-racer.ts');
    const racers = [0, 1].map((i) =>
      startProcess(process.execPath, ['--import', 'tsx', racer, dir, String(KEYS), `racer-${i}`], {}),
    );
    let ready = 0;
    for (const { child } of racers)
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().startsWith('ready')) ready++;
      });
    await waitFor('both racers ready', () => ready === 2, 30_000);
    for (const { child } of racers) child.stdin.write('go\n');
    const won = (await Promise.all(racers.map((r) => r.result))).map(({ code, stdout, stderr }) => {
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      return new Set<number>(JSON.parse(stdout.split('\n')[1] as string));
    });
    const [a, b] = won as [Set<number>, Set<number>];
    expect([...a].filter((key) => b.has(key))).toEqual([]);
    expect(a.size + b.size).toBe(KEYS);
  }, 60_000);
});

describe('finding generations the directory listing does not show', () => {
  it('looks past a generation the peer took first, and past one swept after the listing', () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    const stale = readdirSync(dir);
    expect(a.claim('fp1', 'firing', T + 20, T + 10)).toBe(true);
    expect(a.sweep()).toBe(1);
    // The listing as an NFS client may still cache it: generation 0 only, gone meanwhile.
    jest.spyOn(require('node:fs') as typeof import('node:fs'), 'readdirSync').mockReturnValue(stale as never);
    const b = claimStore(dir, 'relay-b');
    expect(b.claim('fp1', 'firing', T + 30, T + 15)).toBe(false);
    expect(b.claim('fp1', 'firing', T + 30, T + 20)).toBe(true);
  });
});

describe('temporary files', () => {
  it('are never taken for claims, and swept only once a crash clearly left them', () => {
    const a = claimStore(dir, 'relay-a');
    writeFileSync(join(dir, 'tmp-fresh'), String(T + 60_000));
    writeFileSync(join(dir, 'tmp-stale'), String(T + 60_000));
    utimesSync(
      join(dir, 'tmp-stale'),
      new Date(Date.now() - STALE_TEMP_MS - 60_000),
      new Date(Date.now() - STALE_TEMP_MS - 60_000),
    );
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(a.sweep()).toBe(1);
    expect(readdirSync(dir).filter((name) => name.startsWith('tmp-'))).toEqual(['tmp-fresh']);
  });
});
