/**
 * README.md documents the event catalogue and the exporter's variables: these tests keep it true
 * when the code changes.
 */
import { readFileSync } from 'node:fs';
import { EVENT_CATALOGUE } from '../lib/logging/events';

const readme = readFileSync(`${__dirname}/../README.md`, 'utf8');
const configSource = readFileSync(`${__dirname}/../exporter/src/config.ts`, 'utf8');

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
    const variables = [...configSource.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThan(10);
    for (const variable of variables) expect(readme).toContain(`| \`${variable}\` |`);
  });
});
