import { z } from 'zod';
import { helpRequested, renderHelp } from '../../../lib/cli/help';
import { envVar } from '../../../lib/config/env';

describe('helpRequested', () => {
  it.each([
    [['--help'], true],
    [['-h'], true],
    [['--check', '-h'], true],
    [['--check'], false],
    [[], false],
    [['--helpful'], false],
  ])('%j: %s', (argv, expected) => {
    expect(helpRequested(argv)).toBe(expected);
  });
});

describe('renderHelp', () => {
  it('prints usage, summary, the options with -h and the variables with their defaults', () => {
    const text = renderHelp({
      usage: 'npm run thing [-- --check]',
      summary: 'Does the thing.',
      options: [['--check', 'change nothing']],
      environment: z.object({
        PORT: envVar.port(9470),
        TOKEN: z.string().optional(),
        LIST: envVar.list(['a', 'b']),
      }),
      seeAlso: 'README.md',
    });
    expect(text.split('\n')).toEqual([
      'Usage: npm run thing [-- --check]',
      '',
      'Does the thing.',
      '',
      'Options:',
      '  --check     change nothing',
      '  -h, --help  print this help and exit',
      '',
      'Environment:',
      '  PORT   default 9470',
      '  TOKEN',
      '  LIST   default a,b',
      '',
      'See README.md.',
      '',
    ]);
  });

  it('takes the variables as a list too, and leaves the section out without any', () => {
    expect(renderHelp({ usage: 'u', summary: 's', environment: [['A_B', 'what it is']] })).toContain(
      'Environment:\n  A_B  what it is\n',
    );
    expect(renderHelp({ usage: 'u', summary: 's' })).not.toContain('Environment');
  });
});
