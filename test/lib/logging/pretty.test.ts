/**
 * `npm run dev` pipes the exporter's JSON lines through pino-pretty with .pino-prettyrc: the spec's
 * keys (timestamp, level, logger, message) and level names must come out readable.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createLogger } from '../../../lib/logging/logger';

const root = join(__dirname, '../../..');

function linesOf(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const chunks: string[] = [];
  const logger = createLogger({
    app: 'exporter',
    env: 'development',
    level: 'debug',
    destination: { write: (line: string) => chunks.push(line) },
  });
  write(logger);
  return chunks.join('');
}

it('shows time, level name, logger and message on one line, the other fields below', () => {
  const input = linesOf((logger) => {
    const log = logger.child({ logger: 'exporter.main' });
    log.warning({ dependency: 'db' }, 'db is not configured');
    log.error({ port: 9470 }, 'Exporter stopped');
  });
  const result = spawnSync(join(root, 'node_modules/.bin/pino-pretty'), [], {
    cwd: root,
    input,
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  const lines = result.stdout.split('\n');
  expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARNING: exporter\.main: db is not configured$/);
  expect(lines[1]).toBe('    dependency: "db"');
  expect(lines[2]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] ERROR: exporter\.main: Exporter stopped$/);
});
