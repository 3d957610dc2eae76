import { createHash } from 'node:crypto';
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
import { dirname, isAbsolute, join } from 'node:path';
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
/** The only entry of `parent`, checked to be the only one. */
const onlyEntry = (parent: string) => {
  const names = readdirSync(parent);
  expect(names).toHaveLength(1);
  return join(parent, names[0] as string);
};
/** The directory of the one key claimed (`<dir>/<key>/<generation>`). */
const onlyKeyDir = () => onlyEntry(dir);
/** The claim file of the one key claimed, checked to be its only file. */
const onlyFile = () => onlyEntry(onlyKeyDir());

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

  it("sweeps superseded generations in every key's directory and keeps the one in force", async () => {
    const a = claimStore(dir, 'relay-a');
    for (let i = 0; i < 3; i++) expect(a.claim('fp1', 'firing', T + (i + 1) * 10, T + i * 10)).toBe(true);
    const keyDir = onlyKeyDir();
    for (let i = 0; i < 2; i++) expect(a.claim('fp2', 'firing', T + (i + 1) * 10, T + i * 10)).toBe(true);
    expect(readdirSync(keyDir)).toHaveLength(3);
    expect(await a.sweep()).toBe(3);
    expect(readdirSync(keyDir)).toEqual(['2']);
    expect(
      readdirSync(dir)
        .flatMap((key) => readdirSync(join(dir, key)))
        .sort(),
    ).toEqual(['1', '2']);
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

  it('is given back to the peer like any other when its spool write fails again', async () => {
    const before = claimStore(dir, 'relay-a');
    expect(before.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    const after = claimStore(dir, 'relay-a');
    expect(after.claim('fp1', 'firing', T + 60_000, T + 1)).toBe(true);
    after.release('fp1', 'firing');
    await after.sweep();
    expect(claimStore(dir, 'relay-b').claim('fp1', 'firing', T + 60_000, T + 2)).toBe(true);
  });

  it('is never won by both when the peer takes the next generation first', () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    const stale = readdirSync(onlyKeyDir());
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
  it('looks past a generation the peer took first, and past one swept after the listing', async () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    const stale = readdirSync(onlyKeyDir());
    expect(a.claim('fp1', 'firing', T + 20, T + 10)).toBe(true);
    expect(await a.sweep()).toBe(1);
    // The listing as an NFS client may still cache it: generation 0 only, gone meanwhile.
    jest.spyOn(require('node:fs') as typeof import('node:fs'), 'readdirSync').mockReturnValue(stale as never);
    const b = claimStore(dir, 'relay-b');
    expect(b.claim('fp1', 'firing', T + 30, T + 15)).toBe(false);
    expect(b.claim('fp1', 'firing', T + 30, T + 20)).toBe(true);
  });
});

describe('temporary files', () => {
  it('are never taken for claims, and swept only once a crash clearly left them', async () => {
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    const keyDir = onlyKeyDir();
    writeFileSync(join(keyDir, 'tmp-fresh'), `${T + 60_000} relay-b`);
    writeFileSync(join(keyDir, 'tmp-stale'), `${T + 60_000} relay-b`);
    const longAgo = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    utimesSync(join(keyDir, 'tmp-stale'), longAgo, longAgo);
    expect(a.claim('fp1', 'firing', T + 60_000, T + 10)).toBe(true);
    // Generation 0, superseded, and the stale temporary file.
    expect(await a.sweep()).toBe(2);
    expect(readdirSync(keyDir).sort()).toEqual(['1', 'tmp-fresh']);
  });
});

describe('the cost of a claim', () => {
  it("does not grow with other alerts' claims: a claim lists and writes its own key's directory only", () => {
    const peer = claimStore(dir, 'relay-b');
    for (let i = 0; i < 1000; i++) expect(peer.claim(`other${i}`, 'firing', T + 10, T)).toBe(true);
    const others = new Set(readdirSync(dir));
    const a = claimStore(dir, 'relay-a');
    const fs = require('node:fs') as typeof import('node:fs');
    const listing = jest.spyOn(fs, 'readdirSync');
    const spies = [
      listing,
      ...(
        [
          'mkdirSync',
          'readFileSync',
          'statSync',
          'writeFileSync',
          'linkSync',
          'renameSync',
          'unlinkSync',
        ] as const
      ).map((name) => jest.spyOn(fs, name)),
    ];
    // A first claim, the peer's copy of it, the repeat after the cooldown, and its release.
    expect(a.claim('fp1', 'firing', T + 10, T)).toBe(true);
    expect(peer.claim('fp1', 'firing', T + 10, T)).toBe(false);
    expect(a.claim('fp1', 'firing', T + 20, T + 10)).toBe(true);
    a.release('fp1', 'firing');
    const paths = spies.flatMap((spy) =>
      spy.mock.calls.flatMap((args: unknown[]) =>
        args.filter((arg): arg is string => typeof arg === 'string' && isAbsolute(arg)),
      ),
    );
    const listed = listing.mock.calls.map(([path]) => path);
    const namesListed = listing.mock.results.map((r) => (r.type === 'return' ? r.value.length : r.type));
    jest.restoreAllMocks();

    const keyDir = join(dir, readdirSync(dir).find((name) => !others.has(name)) ?? 'none');
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => path !== keyDir && dirname(path) !== keyDir)).toEqual([]);
    // Three listings, of the key's directory alone (the first found none and made it): never the
    // 1000 other alerts' claims.
    expect(listed).toEqual([keyDir, keyDir, keyDir]);
    expect(namesListed).toEqual(['throw', 1, 1]);
  });
});

describe('the sweep', () => {
  it("lists every key's directory without blocking the relay: no synchronous file call", async () => {
    const a = claimStore(dir, 'relay-a');
    for (let i = 0; i < 20; i++) {
      expect(a.claim(`fp${i}`, 'firing', T + 10, T)).toBe(true);
      expect(a.claim(`fp${i}`, 'firing', T + 20, T + 10)).toBe(true);
    }
    const fs = require('node:fs') as typeof import('node:fs');
    const synchronous = (['readdirSync', 'statSync', 'unlinkSync'] as const).map((name) =>
      jest.spyOn(fs, name),
    );
    expect(await a.sweep()).toBe(20);
    expect(synchronous.flatMap((spy) => spy.mock.calls)).toEqual([]);
  });
});

describe('a claims directory in the flat layout before (never released)', () => {
  it('has its claims ignored and swept, and its temporary files swept once stale', async () => {
    const key = createHash('sha1').update('fp1|firing').digest('hex');
    writeFileSync(join(dir, `${key}.0`), `${T + 60_000} relay-b`);
    writeFileSync(join(dir, 'tmp-fresh'), `${T + 60_000} relay-b`);
    writeFileSync(join(dir, 'tmp-stale'), `${T + 60_000} relay-b`);
    const longAgo = new Date(Date.now() - STALE_TEMP_MS - 60_000);
    utimesSync(join(dir, 'tmp-stale'), longAgo, longAgo);
    const a = claimStore(dir, 'relay-a');
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(await a.sweep()).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([key, 'tmp-fresh']);
    expect(readdirSync(join(dir, key))).toEqual(['0']);
  });
});
