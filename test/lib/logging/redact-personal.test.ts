import {
  isPersonalKey,
  normalizeKey,
  PERSON_ROLES,
  PERSONAL_KEY_HINT,
  PERSONAL_KEY_PARTS,
  PERSONAL_KEYS_EXACT,
} from '../../../lib/logging/redact-personal';

describe('personal keys', () => {
  const keys = [
    ...PERSONAL_KEY_PARTS,
    ...PERSONAL_KEYS_EXACT,
    ...[...PERSON_ROLES].map((role) => `${role}name`),
  ];

  it('recognises every key it lists', () => {
    for (const key of keys) expect([key, isPersonalKey(key)]).toEqual([key, true]);
  });

  // The text pattern runs only when PERSONAL_KEY_HINT matches: a key it missed would leak as `key=value`.
  it('has a hint that matches every key it lists', () => {
    for (const key of keys) expect([key, PERSONAL_KEY_HINT.test(key)]).toEqual([key, true]);
  });

  it('normalizes keys to lower-case letters and digits', () => {
    expect(normalizeKey('Account-Holder_Name 2')).toBe('accountholdername2');
  });
});
