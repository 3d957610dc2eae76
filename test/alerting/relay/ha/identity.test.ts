import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_FILE, relayIdentity } from '../../../../alerting/relay/ha/identity';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-identity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("a relay's HA identity", () => {
  it('is created once in the spool directory and read again after a restart', async () => {
    const spoolDir = join(dir, 'spool');
    const first = await relayIdentity(spoolDir);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(readFileSync(join(spoolDir, IDENTITY_FILE), 'utf8')).toBe(first);
    expect(await relayIdentity(spoolDir)).toBe(first);
  });

  it('differs between two spool directories (two relays, even with one spool path on two hosts)', async () => {
    expect(await relayIdentity(join(dir, 'a'))).not.toBe(await relayIdentity(join(dir, 'b')));
  });

  it('is new for each process without a spool directory', async () => {
    expect(await relayIdentity()).not.toBe(await relayIdentity());
  });

  it('replaces a file that holds no identity', async () => {
    writeFileSync(join(dir, IDENTITY_FILE), 'hand edit\n');
    const id = await relayIdentity(dir);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await relayIdentity(dir)).toBe(id);
  });
});
