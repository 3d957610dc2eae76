import { z } from 'zod';
import { envVar, loadEnv } from '../../../lib/config/env';
import { isIanaTimeZone } from '../../../lib/config/time-zone';

describe('isIanaTimeZone', () => {
  it.each(['Asia/Jakarta', 'Asia/Makassar', 'UTC', 'Etc/GMT+7', 'America/Port-au-Prince'])(
    'accepts %s',
    (zone) => {
      expect(isIanaTimeZone(zone)).toBe(true);
    },
  );

  it.each(['Mars/Olympus_Mons', '+07:00', "Asia/Jakarta'; DROP TABLE x; --", '', 'Asia/Jakarta\n'])(
    'refuses %j',
    (zone) => {
      expect(isIanaTimeZone(zone)).toBe(false);
    },
  );
});

describe('envVar.timeZone', () => {
  const schema = z.object({ TZ_SETTING: envVar.timeZone('Asia/Jakarta') });
  it('defaults, reads and refuses naming the variable', () => {
    expect(loadEnv(schema, {})).toEqual({ TZ_SETTING: 'Asia/Jakarta' });
    expect(loadEnv(schema, { TZ_SETTING: 'UTC' })).toEqual({ TZ_SETTING: 'UTC' });
    expect(() => loadEnv(schema, { TZ_SETTING: '+07:00' })).toThrow(
      'invalid configuration: TZ_SETTING: must be an IANA time zone such as Asia/Jakarta',
    );
  });
});
