import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimStore } from '../../../../alerting/relay/ha/claims';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-claims-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T = 1_000_000;

describe('claims shared by two relays through one directory', () => {
  it('gives an alert to the first relay that claims it, and skips it on the other', () => {
    const a = claimStore(dir);
    const b = claimStore(dir);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'firing', T + 60_000, T)).toBe(false);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(false);
  });

  it('keeps firing and resolved apart: the resolution is news of its own', () => {
    const a = claimStore(dir);
    const b = claimStore(dir);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'resolved', T + 60_000, T + 1)).toBe(true);
  });

  it('lets the repeat after the cooldown be claimed again, by exactly one relay', () => {
    const a = claimStore(dir);
    const b = claimStore(dir);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'firing', T + 120_000, T + 59_999)).toBe(false);
    expect(b.claim('fp1', 'firing', T + 120_000, T + 60_000)).toBe(true);
    expect(a.claim('fp1', 'firing', T + 120_000, T + 60_000)).toBe(false);
  });

  it('hands a released claim (spool write failed) to the peer', () => {
    const a = claimStore(dir);
    const b = claimStore(dir);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    a.release('fp1', 'firing');
    expect(b.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
  });

  it('sweeps superseded generations and keeps the one in force', () => {
    const a = claimStore(dir);
    for (let i = 0; i < 3; i++) expect(a.claim('fp1', 'firing', T + (i + 1) * 10, T + i * 10)).toBe(true);
    expect(readdirSync(dir)).toHaveLength(3);
    expect(a.sweep()).toBe(2);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(claimStore(dir).claim('fp1', 'firing', T + 100, T + 25)).toBe(false);
  });
});
