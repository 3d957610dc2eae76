import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haClaims } from '../../../../alerting/relay/ha/relay-claims';
import { type CapturedLogger, capturedLogger } from '../../../support/captured-logger';
import { waitFor } from '../../../support/wait';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-claims-'));
});
afterEach(() => {
  jest.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

const T = 1_000_000;
const claimsDir = () => join(dir, 'claims');
/** The shared directory gone, a file in its place: every file operation in it fails. */
const breakClaimsDir = () => {
  rmSync(claimsDir(), { recursive: true });
  writeFileSync(claimsDir(), '');
};
const logged = (log: CapturedLogger, level: string) =>
  log
    .records()
    .filter((r) => r.level === level)
    .map((r) => r.message);
const errors = (log: CapturedLogger) => logged(log, 'ERROR');

describe('the claims store as the relay uses it', () => {
  it('claims through the shared directory', () => {
    const { logger } = capturedLogger();
    const a = haClaims(claimsDir(), 'relay-a', logger);
    const b = haClaims(claimsDir(), 'relay-b', logger);
    expect(a.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(b.claim('fp1', 'firing', T + 60_000, T)).toBe(false);
  });

  it('sends an alert it cannot claim (a duplicate at worst, never a loss), and says why', () => {
    const log = capturedLogger();
    const claims = haClaims(claimsDir(), 'relay-a', log.logger);
    breakClaimsDir();
    expect(claims.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    expect(errors(log)).toEqual(['Could not claim an alert in the HA claims directory: sending it anyway']);
  });

  it('logs a claim it cannot give back instead of failing the post', () => {
    const log = capturedLogger();
    const claims = haClaims(claimsDir(), 'relay-a', log.logger);
    expect(claims.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
    breakClaimsDir();
    expect(() => claims.release('fp1', 'firing')).not.toThrow();
    expect(errors(log)).toEqual(['Could not give an HA claim back']);
  });

  it('logs a sweep that fails, on its timer, and claims on', async () => {
    jest.useFakeTimers();
    const log = capturedLogger();
    const claims = haClaims(claimsDir(), 'relay-a', log.logger);
    breakClaimsDir();
    jest.advanceTimersByTime(10 * 60_000);
    jest.useRealTimers();
    await waitFor('the warning', () => logged(log, 'WARNING').length > 0);
    expect(logged(log, 'WARNING')).toEqual(['Could not sweep the HA claims directory']);
    expect(claims.claim('fp1', 'firing', T + 60_000, T)).toBe(true);
  });
});
