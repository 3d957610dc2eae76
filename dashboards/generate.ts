/**
 * Writes every dashboard (dashboards/generated/<uid>.json) and Grafana's provisioning files
 * (`npm run dashboards`). With --check it writes nothing and exits 1 naming each file that differs
 * from what it would write, or that it would no longer write.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { CHECK_OPTION, exitOnHelp } from '../lib/cli/help';
import { GENERATED_DIR, type OutputFile, outputFiles } from './index';

const root = resolve(__dirname, '..');
const show = (path: string) => relative(root, path);

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** JSON files in `dir` that no dashboard produces any more (a removed or renamed dashboard). */
function leftovers(files: OutputFile[], dir: string): string[] {
  if (!existsSync(dir)) return [];
  const wanted = new Set(files.map((f) => f.path));
  const present = readdirSync(dir, { withFileTypes: true }).filter(
    (entry) => entry.isFile() && entry.name.endsWith('.json'),
  );
  return present.map((entry) => resolve(dir, entry.name)).filter((path) => !wanted.has(path));
}

export interface StaleFile {
  path: string;
  why: 'differs' | 'missing' | 'no longer generated';
}

/** Files on disk that differ from `files` or are missing, and leftovers in `generatedDir`. */
export function staleFiles(files: OutputFile[], generatedDir: string): StaleFile[] {
  const stale: StaleFile[] = [];
  for (const { path, content } of files) {
    const onDisk = readOrUndefined(path);
    if (onDisk === undefined) stale.push({ path, why: 'missing' });
    else if (onDisk !== content) stale.push({ path, why: 'differs' });
  }
  for (const path of leftovers(files, generatedDir)) stale.push({ path, why: 'no longer generated' });
  return stale;
}

function write(files: OutputFile[]): number {
  for (const { path, content } of files) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${show(path)}`);
  }
  for (const path of leftovers(files, GENERATED_DIR)) {
    rmSync(path);
    console.log(`removed ${show(path)}`);
  }
  return 0;
}

/** Exit code of --check: 1, naming each stale file on stderr, when any is. */
export function check(files: OutputFile[], generatedDir = GENERATED_DIR): number {
  const stale = staleFiles(files, generatedDir);
  for (const { path, why } of stale) {
    console.error(`${show(path)}: ${why}; run \`npm run dashboards\` and commit the result`);
  }
  return stale.length === 0 ? 0 : 1;
}

export function main(argv: readonly string[]): number {
  exitOnHelp(
    {
      usage: 'npm run dashboards [-- --check]   (npm run dashboards:check)',
      summary: 'Writes the Grafana dashboards JSON (dashboards/generated/) from the TypeScript definitions.',
      options: [CHECK_OPTION],
    },
    argv,
  );
  const files = outputFiles();
  return argv.includes('--check') ? check(files) : write(files);
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
