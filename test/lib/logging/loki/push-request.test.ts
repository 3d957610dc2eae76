import fc from 'fast-check';
import {
  buildPushRequest,
  isoToNs,
  type LokiEntry,
  levelLabel,
  msToNs,
  toEntry,
} from '../../../../lib/logging/loki/push-request';

const labels = { app: 'exporter', env: 'production' };

describe('levelLabel', () => {
  test.each([
    ['DEBUG', 'debug'],
    ['INFO', 'info'],
    ['WARNING', 'warning'],
    ['ERROR', 'error'],
    ['CRITICAL', 'critical'],
    ['Error', 'error'],
  ])('%s -> %s', (level, label) => {
    expect(levelLabel(level)).toBe(label);
  });

  test.each([['WARN'], ['trace'], [''], [30], [undefined], [null], [{ level: 'INFO' }]])(
    '%p is unknown',
    (level) => {
      expect(levelLabel(level)).toBe('unknown');
    },
  );
});

describe('isoToNs', () => {
  test('converts a pino ISO timestamp to Unix nanoseconds', () => {
    expect(isoToNs('2026-02-18T10:30:00.000Z')).toBe('1771410600000000000');
    expect(isoToNs('2026-02-18T10:30:00Z')).toBe('1771410600000000000');
  });

  test('keeps digits finer than a millisecond', () => {
    expect(isoToNs('2026-02-18T10:30:00.123456Z')).toBe('1771410600123456000');
    expect(isoToNs('2026-02-18T10:30:00.123456789Z')).toBe('1771410600123456789');
  });

  test('applies the zone offset', () => {
    expect(isoToNs('2026-02-18T11:30:00.000+01:00')).toBe('1771410600000000000');
    expect(isoToNs('2026-02-18T05:00:00.000-05:30')).toBe('1771410600000000000');
  });

  test.each([
    ['no zone (would depend on the host)', '2026-02-18T10:30:00.000'],
    ['space instead of T', '2026-02-18 10:30:00.000Z'],
    ['no such day', '2026-02-30T10:30:00.000Z'],
    ['no such hour', '2026-02-18T24:00:00.000Z'],
    ['no such month', '2026-13-01T00:00:00.000Z'],
    ['before 1970', '1969-12-31T23:59:59.000Z'],
    ['too many fraction digits', '2026-02-18T10:30:00.1234567891Z'],
    ['not a date', 'yesterday'],
    ['a number', 1771410600000],
    ['missing', undefined],
  ])('rejects %s', (_, value) => {
    expect(isoToNs(value)).toBeUndefined();
  });

  test('agrees with Date for every millisecond timestamp', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
        (d) => {
          expect(isoToNs(d.toISOString())).toBe((BigInt(d.getTime()) * 1_000_000n).toString());
        },
      ),
    );
  });
});

describe('toEntry', () => {
  const receivedAtMs = Date.parse('2026-02-18T10:31:00.000Z');

  test('reads level and timestamp from the line and keeps the line unchanged', () => {
    const line =
      '{"timestamp":"2026-02-18T10:30:00.000Z","level":"INFO","logger":"exporter.http","message":"Request completed","request_id":"req-abc123","status_code":200}';
    expect(toEntry(line, receivedAtMs)).toEqual({ level: 'info', tsNs: '1771410600000000000', line });
  });

  test('falls back to the time the line was received when the timestamp is missing or invalid', () => {
    expect(toEntry('{"level":"ERROR","message":"x"}', receivedAtMs).tsNs).toBe(msToNs(receivedAtMs));
    expect(toEntry('{"level":"ERROR","timestamp":"soon"}', receivedAtMs).tsNs).toBe('1771410660000000000');
  });

  test.each([['plain text'], ['[1,2]'], ['null'], ['"INFO"'], ['{"level":']])(
    'ships %p as unknown at the receive time',
    (line) => {
      expect(toEntry(line, receivedAtMs)).toEqual({ level: 'unknown', tsNs: msToNs(receivedAtMs), line });
    },
  );
});

describe('buildPushRequest', () => {
  const entry = (level: LokiEntry['level'], n: number): LokiEntry => ({
    level,
    tsNs: String(1771410600000000000n + BigInt(n)),
    line: `{"level":"${level.toUpperCase()}","n":${n},"request_id":"req-${n}"}`,
  });

  test('groups lines by level into streams labelled only app, env and level, keeping order', () => {
    const entries = [
      entry('info', 1),
      entry('error', 2),
      entry('info', 3),
      entry('unknown', 4),
      entry('error', 5),
    ];
    expect(buildPushRequest(labels, entries)).toEqual({
      streams: [
        {
          stream: { app: 'exporter', env: 'production', level: 'info' },
          values: [
            ['1771410600000000001', entries[0]?.line],
            ['1771410600000000003', entries[2]?.line],
          ],
        },
        {
          stream: { app: 'exporter', env: 'production', level: 'error' },
          values: [
            ['1771410600000000002', entries[1]?.line],
            ['1771410600000000005', entries[4]?.line],
          ],
        },
        {
          stream: { app: 'exporter', env: 'production', level: 'unknown' },
          values: [['1771410600000000004', entries[3]?.line]],
        },
      ],
    });
  });

  test('serialises to the push API body', () => {
    const line = '{"timestamp":"2026-02-18T10:30:00.000Z","level":"INFO","message":"Request completed"}';
    const body = JSON.stringify(buildPushRequest(labels, [toEntry(line, 0)]));
    expect(body).toBe(
      `{"streams":[{"stream":{"app":"exporter","env":"production","level":"info"},"values":[["1771410600000000000",${JSON.stringify(line)}]]}]}`,
    );
  });

  test('an empty batch has no streams', () => {
    expect(buildPushRequest(labels, [])).toEqual({ streams: [] });
  });

  test('every entry lands once, in its level stream, in order', () => {
    const level = fc.constantFrom<LokiEntry['level']>(
      'debug',
      'info',
      'warning',
      'error',
      'critical',
      'unknown',
    );
    fc.assert(
      fc.property(fc.array(level, { maxLength: 50 }), (levels) => {
        const entries = levels.map((l, i) => entry(l, i));
        const { streams } = buildPushRequest(labels, entries);
        expect(new Set(streams.map((s) => s.stream.level)).size).toBe(streams.length);
        for (const s of streams) {
          expect(s.values).toEqual(
            entries.filter((e) => e.level === s.stream.level).map((e) => [e.tsNs, e.line]),
          );
        }
        expect(streams.reduce((n, s) => n + s.values.length, 0)).toBe(entries.length);
      }),
    );
  });
});
