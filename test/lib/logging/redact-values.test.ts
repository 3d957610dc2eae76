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
