/**
 * Writes contracts/logs/log-line.schema.json from the event catalogue (`npm run contract:logs:schema`).
 * With --check it writes nothing and exits 1 if the committed file differs from what it would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderSchema, SCHEMA_FILE } from './log-schema';

const path = resolve(__dirname, '../..', SCHEMA_FILE);

function main(check: boolean): number {
  const content = renderSchema();
  if (!check) {
    writeFileSync(path, content);
    console.log(`wrote ${SCHEMA_FILE}`);
    return 0;
  }
  let onDisk: string | undefined;
  try {
    onDisk = readFileSync(path, 'utf8');
  } catch {
    onDisk = undefined;
  }
  if (onDisk === content) return 0;
  console.error(`${SCHEMA_FILE} is out of date: run \`npm run contract:logs:schema\` and commit the result`);
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.includes('--check'));
