/** Arbitrary strings full of what breaks HTML, plus emoji, accents, control characters and lone surrogates. */
import fc from 'fast-check';

export const nastyText = (maxLength = 60) =>
  fc.string({
    unit: fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '&',
        '"',
        "'",
        '&amp;',
        '&lt;',
        '<b>',
        '</a>',
        '\n',
        ' ',
        '😀',
        '🔴',
        'é',
        '\ud800',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    maxLength,
  });
