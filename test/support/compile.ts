/**
 * Compiles entry files with the repository's build settings (tsconfig.build.json: CommonJS, as
 * `npm run build` does) into a temporary directory, so a test can run the JavaScript a `bin` ships.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export interface Compiled {
  /** Where `file` (relative to the repository root) was compiled to. */
  output(file: string): string;
  remove(): void;
}

export function compile(files: string[]): Compiled {
  const dir = mkdtempSync(join(tmpdir(), 'tsc-'));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.build.json'),
      // Types resolve from the repository, not from the temporary directory.
      compilerOptions: {
        rootDir: root,
        outDir: join(dir, 'dist'),
        sourceMap: false,
        // `npm run typecheck` checks the types; this proves the emitted JavaScript runs.
        noCheck: true,
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files: files.map((file) => join(root, file)),
      include: [],
    }),
  );
  const run = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tsc failed: ${run.stdout}${run.stderr}`);
  // The compiled files require their dependencies as the installed package would.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  return {
    output: (file) => join(dir, 'dist', file.replace(/\.ts$/, '.js')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
