import { generateRequestId, requestIdFrom } from '../../../lib/http/request-id';

describe('request ids', () => {
  it('generates req- followed by 16 hex digits, different each time', () => {
    const ids = new Set(Array.from({ length: 100 }, generateRequestId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^req-[0-9a-f]{16}$/);
  });

  it.each(['req-abc123', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'trace.1:2_3', 'a'.repeat(128)])(
    'keeps a well-formed incoming id: %s',
    (id) => {
      expect(requestIdFrom(id)).toBe(id);
    },
  );

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too long', 'a'.repeat(129)],
    ['a newline (log injection)', 'req-1\n{"level":"CRITICAL"}'],
    ['quotes and spaces', 'req "x"'],
    ['a leading dash', '-req'],
    ['repeated headers', ['req-1', 'req-2']],
  ])('replaces an id that is %s', (_case, header) => {
    expect(requestIdFrom(header)).toMatch(/^req-[0-9a-f]{16}$/);
  });
});
