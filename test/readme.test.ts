/**
 * README.md documents the event catalogue and the exporter's variables: these tests keep it true
 * when the code changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
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

describe('the docs examples', () => {
  const root = `${__dirname}/..`;
  const folders = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !['node_modules', 'dist', '.git'].includes(entry.name))
    .map((entry) => entry.name);
  const docs = [
    'README.md',
    ...folders.flatMap((folder) =>
      readdirSync(`${root}/${folder}`, { recursive: true, encoding: 'utf8' }).map(
        (file) => `${folder}/${file}`,
      ),
    ),
  ]
    .filter((file) => file.endsWith('.md'))
    .map((file) => ({ file, text: readFileSync(`${root}/${file}`, 'utf8') }));

  it('show the version the services report (package.json, the default of APP_VERSION)', () => {
    const { version } = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { version: string };
    const shown = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/"version":\s*"([^"]+)"/g)].map((match) => `${file}: ${match[1]}`),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const example of shown) expect(example).toMatch(new RegExp(`: ${version.replaceAll('.', '\\.')}$`));
  });

  it("give the test command CI runs: .ci/run runs README's steps, in order", () => {
    const command = readme.match(/```sh\n(npm ci && npm run setup[^\n]*)\n```/)?.[1];
    expect(command).toBe('npm ci && npm run setup && npm run check && npm test');
    const ciSteps = readFileSync(`${root}/.ci/run`, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('npm '))
      .map((line) => line.replace(/ --no-audit --no-fund$/, ''));
    expect(ciSteps).toEqual(command?.split(' && '));
  });
});
