import { ibanValid } from '../../../lib/logging/iban';
import { luhnValid, REDACTED, REDACTED_EMAIL, redactString } from '../../../lib/logging/redact-values';

describe('redactString', () => {
  it.each([
    ['Authorization: Bearer abc.DEF-123_~+/=', 'Authorization: Bearer [REDACTED]'],
    ['header bearer eyXyz', 'header bearer [REDACTED]'],
    ['Basic dXNlcjpodW50ZXIy sent', 'Basic [REDACTED] sent'],
    ['Basic plan selected', 'Basic plan selected'],
    ['postgres://clicky:s3cr%40t@db:5432/app', 'postgres://clicky:[REDACTED]@db:5432/app'],
    ['redis://:p@ss@cache:6379', 'redis://:[REDACTED]@cache:6379'],
    ['http://host:8080/path?q=1', 'http://host:8080/path?q=1'],
    [
      'GET https://minio:9000/b/k.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20260218&X-Amz-Signature=abc123 done',
      'GET https://minio:9000/b/k.jpg?[REDACTED] done',
    ],
    ['X-Amz-Signature=abc123&x=1', 'X-Amz-Signature=[REDACTED]&x=1'],
    ['https://example.com/search?q=ok', 'https://example.com/search?q=ok'],
    [
      'POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage',
      'POST https://api.telegram.org/bot[REDACTED]/sendMessage',
    ],
    ['token is 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', 'token is [REDACTED]'],
    ['contact jane.doe+x@example.co.uk now', `contact ${REDACTED_EMAIL} now`],
    ['ssh://git@github.com/x', 'ssh://git@github.com/x'],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nat_ure end', 'jwt [REDACTED] end'],
    ['card 4111 1111 1111 1111 declined', 'card [REDACTED] declined'],
    ['card 4111-1111-1111-1111', 'card [REDACTED]'],
    ['card 378282246310005', 'card [REDACTED]'],
    ['order 12 4111 1111 1111 1111', 'order [REDACTED]'],
    ['not a card 4111 1111 1111 1112', 'not a card 4111 1111 1111 1112'],
    ['ts 1708252200001 and 2026-02-18', 'ts 1708252200001 and 2026-02-18'],
    ['login failed password=hunter2 for user', 'login failed password=[REDACTED] for user'],
    ['?api_key=k123&page=2', '?api_key=[REDACTED]&page=2'],
    ['{"client_secret":"s3"}', '{"client_secret":"[REDACTED]"}'],
  ])('%s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it('leaves ordinary text untouched', () => {
    const text = 'Booking created successfully for slot 10:30 on 2026-02-18 (status 201, 45 ms)';
    expect(redactString(text)).toBe(text);
  });

  it('scrubs a card number only when its Luhn checksum is valid', () => {
    expect(redactString('4111111111111111')).toBe(REDACTED);
    expect(redactString('4111111111111112')).toBe('4111111111111112');
  });

  it('keeps UUIDs whole, whose digit groups can pass for a card or a phone, and still finds those beside them', () => {
    // A silence id the relay's audit log once lost to the card check (7629671094430 passes Luhn).
    const silence = '12c76296-7109-4430-9262-2ee1537b7bd6';
    expect(luhnValid('7629671094430')).toBe(true);
    for (const id of [
      silence,
      '08123456-7890-1234-5678-901234567890',
      '41111111-1111-1111-1111-111111111111',
    ])
      expect(redactString(`silence_id=${id}`)).toBe(`silence_id=${id}`);
    expect(redactString(`silence ${silence} by 0812 3456 7890 card 4111 1111 1111 1111`)).toBe(
      `silence ${silence} by [REDACTED] card [REDACTED]`,
    );
    // Not a UUID (a group too long, or glued to more): scanned as before.
    expect(redactString('x 76296-7109-4430-9262-2 y')).toBe('x [REDACTED] y');
  });

  it("removes a presigned URL's whole query, keeping the path", () => {
    const url = 'https://s3.example/b/k?X-Amz-Date=20260218T103000Z&X-Amz-Signature=0123abcd';
    expect(redactString(url)).toBe(`https://s3.example/b/k?${REDACTED}`);
  });

  it('redacts the shortest secret pair', () => {
    expect(redactString('pwd=x')).toBe(`pwd=${REDACTED}`);
  });
});

describe('luhnValid', () => {
  it('checks the Luhn checksum', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });
});

describe('redactString: IBANs, phones and account numbers', () => {
  it.each([
    ['transfer to DE89 3704 0044 0532 0130 00 EUR', 'transfer to [REDACTED] EUR'],
    ['iban GB82WEST12345698765432.', 'iban [REDACTED].'],
    ['NL91ABNA0417164300 and FR1420041010050500013M02606', '[REDACTED] and [REDACTED]'],
    ['call 0812-3456-7890 now', 'call [REDACTED] now'],
    ['wa 081234567890', 'wa [REDACTED]'],
    ['hp 0812.3456.789', 'hp [REDACTED]'],
    ['phone +62 812 3456 7890 ok', 'phone [REDACTED] ok'],
    ['(+62) 812.3456.7890', '[REDACTED]'],
    ['+6281234567890', '[REDACTED]'],
    ['+62 21 5550 1234, ext 12', '[REDACTED], ext 12'],
    ['order 12 0812 3456 7890', 'order 12 [REDACTED]'],
    ['transfer to rekening BCA 1234567890 done', 'transfer to rekening BCA [REDACTED] done'],
    ['Virtual Account BNI: 8808 1234 5678 9012', 'Virtual Account BNI: [REDACTED]'],
    ['VA 8808123456789012', 'VA [REDACTED]'],
    ['no. rek 123-456-7890', 'no. rek [REDACTED]'],
    ['bank account number is 0123456789', 'bank account number is [REDACTED]'],
    ['{"full_name":"Budi Santoso","amount":50000}', '{"full_name":"[REDACTED]","amount":50000}'],
    ['recipient_name=Budi account_number=1234567890', 'recipient_name=[REDACTED] account_number=[REDACTED]'],
    ["password='hunter 2' and x", "password='[REDACTED]' and x"],
    ['{"va_number":"8808 1234"}', '{"va_number":"[REDACTED]"}'],
  ])('%s', (input, expected) => {
    expect(redactString(input)).toBe(expected);
  });

  it.each([
    // ids, amounts, dates, times, durations
    'req-0812345678901 kept',
    'booking 0812345678901abc',
    'date 2026-08-12 10:30',
    'at 2026-08-12T08:12:34.567Z',
    'Rp 1.500.000 paid, IDR 250000, 45 ms, req-8f3a1c2e9b7d4a60',
    'account 12345678 locked',
    'user 123456789 booked slot 08:00-10:00',
    'version 0.8.12345678',
    'file_name=report.pdf task_name=sync bucket=uploads',
    'VA 12345',
    // an IBAN shape with a wrong check, and one of the wrong length for its country
    'DE00 3704 0044 0532 0130 00',
    'ref AB12CDEFGHIJKLMNOP',
    'GB82WEST1234569876543',
  ])('keeps %s', (text) => {
    expect(redactString(text)).toBe(text);
  });
});

describe('ibanValid', () => {
  it('checks the country length and mod 97', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE88370400440532013000')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
    expect(ibanValid('NO9386011117947')).toBe(true);
  });
});
