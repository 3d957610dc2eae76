import { EVENT_CATALOGUE } from '../../../lib/logging/events';
import { keyRule, maskEmail, secretValue } from '../../../lib/logging/redact-keys';
import { REDACTED } from '../../../lib/logging/redact-values';

describe('keyRule', () => {
  it.each(['refreshToken', 'refresh_token', 'Refresh-Token', 'billing_address', 'pin', 'X-Api-Key'])(
    'classifies %s as secret',
    (key) => {
      expect(keyRule(key)).toBe('secret');
    },
  );

  it.each(['ip', 'ip_address', 'remoteAddress', 'company', 'span_id', 'keyboard', 'pin_code_length'])(
    'keeps %s',
    (key) => {
      expect(keyRule(key)).toBe('keep');
    },
  );

  it('classifies bodies and email_attempted', () => {
    expect(keyRule('body')).toBe('body');
    expect(keyRule('Response-Body')).toBe('body');
    expect(keyRule('emailAttempted')).toBe('masked-email');
  });

  it('still classifies after its cache fills up', () => {
    for (let i = 0; i < 10_001; i++) keyRule(`id_${i}`);
    expect(keyRule('password')).toBe('secret');
    expect(keyRule('id_0')).toBe('keep');
  });
});

describe('secretValue', () => {
  it('replaces any value, keeping null, undefined and booleans: one bit is no secret', () => {
    expect([secretValue('s3cret'), secretValue(42), secretValue({ a: 1 })]).toEqual([
      REDACTED,
      REDACTED,
      REDACTED,
    ]);
    expect([secretValue(null), secretValue(undefined), secretValue(true)]).toEqual([null, undefined, true]);
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@example.com');
    expect(maskEmail(' Jane@Example.org ')).toBe('J***@Example.org');
  });

  it('redacts whatever is not shaped like an address', () => {
    expect(maskEmail('hunter2-password')).toBe(REDACTED);
    expect(maskEmail('root@localhost')).toBe(REDACTED);
    expect(maskEmail('a@b@example.com')).toBe(REDACTED);
    expect(maskEmail(42)).toBe(REDACTED);
    expect(maskEmail(null)).toBeNull();
  });
});

describe('keyRule: names, bank and virtual accounts, Indonesian phone keys', () => {
  it.each([
    'name',
    'Name',
    'full_name',
    'fullName',
    'first_name',
    'last_name',
    'surname',
    'recipient_name',
    'donorName',
    'bidder_name',
    'account_holder',
    'account_holder_name',
    'cardholder_name',
    'nama_lengkap',
    'account_number',
    'accountNo',
    'bank_account',
    'va_number',
    'virtual_account',
    'IBAN',
    'no_rekening',
    'no_hp',
    'whatsapp_number',
  ])('classifies %s as secret', (key) => {
    expect(keyRule(key)).toBe('secret');
  });

  it.each([
    'logger',
    'task_name',
    'file_name',
    'filename',
    'hostname',
    'service_name',
    'alertname',
    'bank_name',
    'username',
    'bucket',
    'program',
    'account_id',
    'service_account',
    'account_notes',
    'mobile',
  ])('keeps %s', (key) => {
    expect(keyRule(key)).toBe('keep');
  });

  it("keeps every field of the spec's event catalogue but email_attempted", () => {
    const fields = Object.values(EVENT_CATALOGUE).flatMap((event) => event.fields);
    for (const field of fields) {
      if (field !== 'email_attempted') expect([field, keyRule(field)]).toEqual([field, 'keep']);
    }
  });
});
