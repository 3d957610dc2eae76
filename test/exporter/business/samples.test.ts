import { gauge, query } from '../../../exporter/src/business/query';
import { ResultMappingError, rowsToSamples } from '../../../exporter/src/business/samples';

const q = query('q', 'SELECT ...', [
  gauge('clicky_a', 'a', 'A by kind.', ['kind']),
  gauge('clicky_b', 'b', 'B.'),
]);
const map = (rows: Record<string, unknown>[], columns = ['kind', 'a', 'b']) =>
  rowsToSamples(q, columns, rows);

describe('rowsToSamples', () => {
  it('maps each row to labels and a value, per metric, in row order', () => {
    const result = map([
      { kind: 'x', a: '12345678901234', b: 1.5 },
      { kind: 'y', a: 2, b: null },
    ]);
    expect(result.get('clicky_a')).toEqual([
      { labels: { kind: 'x' }, value: 12_345_678_901_234 },
      { labels: { kind: 'y' }, value: 2 },
    ]);
    expect(result.get('clicky_b')).toEqual([{ labels: {}, value: 1.5 }]);
  });

  it('skips NULL values (no sample), reads booleans as 1/0 and NULL labels as ""', () => {
    const result = map([
      { kind: null, a: true, b: false },
      { kind: 'z', a: null, b: null },
    ]);
    expect(result.get('clicky_a')).toEqual([{ labels: { kind: '' }, value: 1 }]);
    expect(result.get('clicky_b')).toEqual([{ labels: {}, value: 0 }]);
  });

  it('gives every metric an empty list for an empty result', () => {
    expect([...map([]).values()]).toEqual([[], []]);
  });

  it.each([
    [[{ kind: 'x', a: 1 }], ['kind', 'a'], 'clicky_b: the result has no column "b"'],
    [[{ kind: 'x', a: 'lots', b: 1 }], undefined, 'clicky_a: column "a" is not a finite number'],
    [[{ kind: 'x', a: '', b: 1 }], undefined, 'clicky_a: column "a" is not a finite number'],
    [
      [
        { kind: 'x', a: 1, b: 1 },
        { kind: 'x', a: 2, b: 2 },
      ],
      undefined,
      'clicky_a: two rows have the same labels {"kind":"x"}',
    ],
  ])('rejects a result that does not fit: %j', (rows, columns, message) => {
    expect(() => map(rows, columns)).toThrow(new ResultMappingError(message));
  });
});
