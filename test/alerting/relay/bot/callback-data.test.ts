import fc from 'fast-check';
import {
  ACTIONS,
  type ActionCode,
  CallbackSigner,
  DEFAULT_CALLBACK_TTL_MS,
  TELEGRAM_CALLBACK_LIMIT_BYTES,
} from '../../../../alerting/relay/bot/callback-data';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const signer = new CallbackSigner(SECRET, DEFAULT_CALLBACK_TTL_MS, () => NOW);

const actions = fc.constantFrom(...(Object.keys(ACTIONS) as ActionCode[]));
const refs = fc.stringMatching(/^[A-Za-z0-9_-]{1,36}$/);

describe('callback data', () => {
  it('round-trips what it signs, within 64 bytes', () => {
    fc.assert(
      fc.property(actions, refs, (action, ref) => {
        const data = signer.sign(action, ref);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(TELEGRAM_CALLBACK_LIMIT_BYTES);
        expect(signer.verify(data)).toEqual({
          ok: true,
          action,
          ref,
          expiresAt: Math.floor((NOW + DEFAULT_CALLBACK_TTL_MS) / 1000) * 1000,
        });
      }),
    );
  });

  it('fits a silence id (a UUID) under the longest action', () => {
    const data = signer.sign('u', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(signer.verify(data)).toMatchObject({ ok: true, action: 'u' });
  });

  it('refuses any single altered character as forged or malformed, never as valid', () => {
    fc.assert(
      fc.property(
        actions,
        refs,
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (action, ref, at, replacement) => {
          const data = signer.sign(action, ref);
          const index = at % data.length;
          fc.pre(data[index] !== replacement);
          const altered = data.slice(0, index) + replacement + data.slice(index + 1);
          const result = signer.verify(altered);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['forged', 'malformed']).toContain(result.reason);
        },
      ),
    );
  });

  it('refuses data signed with another secret as forged', () => {
    const other = new CallbackSigner('another-secret-of-at-least-thirty-two-chars', undefined, () => NOW);
    fc.assert(
      fc.property(actions, refs, (action, ref) => {
        expect(signer.verify(other.sign(action, ref))).toEqual({ ok: false, reason: 'forged' });
      }),
    );
  });

  it('refuses a button past its expiry, and one whose expiry was pushed forward', () => {
    const old = signer.sign('1', 'abc', NOW - 1000);
    expect(signer.verify(old)).toEqual({ ok: false, reason: 'expired' });
    const [a, r, , tag] = old.split('.');
    const extended = [a, r, Math.floor((NOW + 3600_000) / 1000).toString(36), tag].join('.');
    expect(signer.verify(extended)).toEqual({ ok: false, reason: 'forged' });
  });

  it('expires after the default 7 days', () => {
    const data = signer.sign('a', 'abc');
    const later = new CallbackSigner(SECRET, undefined, () => NOW + DEFAULT_CALLBACK_TTL_MS + 1000);
    const sooner = new CallbackSigner(SECRET, undefined, () => NOW + DEFAULT_CALLBACK_TTL_MS - 1000);
    expect(later.verify(data)).toEqual({ ok: false, reason: 'expired' });
    expect(sooner.verify(data).ok).toBe(true);
  });

  it('refuses arbitrary strings without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.anything()), (input) => {
        expect(signer.verify(input).ok).toBe(false);
      }),
    );
    expect(signer.verify('x'.repeat(65))).toEqual({ ok: false, reason: 'malformed' });
    expect(signer.verify('z.abc.1.AAAAAAAAAAAAAAAA')).toEqual({ ok: false, reason: 'malformed' });
  });

  it('will not sign what would not fit or mean nothing', () => {
    expect(() => signer.sign('a', 'x'.repeat(37))).toThrow('does not fit');
    expect(() => signer.sign('a', 'has.dot')).toThrow('does not fit');
    expect(() => signer.sign('q' as ActionCode, 'abc')).toThrow('unknown button action');
    expect(() => new CallbackSigner('')).toThrow('needs a secret');
  });
});
