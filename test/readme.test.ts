/**
 * README.md documents the event catalogue and the exporter's variables: these tests keep it true
 * when the code changes.
 */
import { readFileSync } from 'node:fs';
import { EVENT_CATALOGUE } from '../lib/logging/events';

const readme = readFileSync(`${__dirname}/../README.md`, 'utf8');
// The exporter's own variables, and the logging ones every service shares.
const configSource = ['exporter/src/config.ts', 'lib/config/logging-env.ts']
  .map((file) => readFileSync(`${__dirname}/../${file}`, 'utf8'))
  .join('\n');

describe('README', () => {
  it.each(Object.entries(EVENT_CATALOGUE))(
    'lists the event %s with its level, message and fields',
    (key, event) => {
      const fields = event.fields.map((field) => `\`${field}\``).join(', ');
      expect(readme).toContain(
        `| \`events.${key}\` | ${event.level.toUpperCase()} | ${event.message} | ${fields} |`,
      );
    },
  );

  it('documents every environment variable the exporter reads', () => {
    const variables = [...configSource.matchAll(/^\s{2,4}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'APP_ENV', 'LOG_LEVEL', 'LOKI_URL']));
    for (const variable of variables) expect(readme).toContain(`| \`${variable}\` |`);
  });
});
