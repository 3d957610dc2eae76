/**
 * Which tests are unit tests, for `npm run test:unit` (jest.unit.config.js): every test file that
 * starts nothing real. A file is an integration test when it, or a test helper it imports (followed
 * through test/), starts a process, runs a binary or listens on a port; everything else runs in the
 * fast subset. Decided from the files' text, so a new test lands on the right side without a list to
 * keep: use a helper that starts something and it is an integration test.
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');

/** What starts something real: processes and binaries, listening servers, HTTP against them. */
const STARTS_SOMETHING =
  /node:child_process|\bpromtool|\bamtool|supertest|createServer|\.listen\(|ADMIN_URL|new Redis\(|fetch\(|dependencyChecks\(/;
const RELATIVE_IMPORT = /from '(\.{1,2}\/[^']+)'/g;

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** True when `file` or a helper it imports from test/ starts something (memoised in `seen`). */
function startsSomething(file, testDir, seen) {
  if (seen.has(file)) return seen.get(file);
  seen.set(file, false); // import cycles end here
  const text = readFileSync(file, 'utf8');
  let result = STARTS_SOMETHING.test(text);
  for (const [, specifier] of text.matchAll(RELATIVE_IMPORT)) {
    if (result) break;
    const target = [`${specifier}.ts`, `${specifier}.js`, `${specifier}/index.ts`]
      .map((candidate) => resolve(dirname(file), candidate))
      .find((candidate) => existsSync(candidate));
    // Modules under test (outside test/) are what unit tests exercise; only helpers are followed.
    if (target?.startsWith(testDir)) result = startsSomething(target, testDir, seen);
  }
  seen.set(file, result);
  return result;
}

/** Paths, relative to the repository root, of the unit tests. */
function unitTests(root) {
  const testDir = join(root, 'test');
  const seen = new Map();
  return testFiles(testDir)
    .filter((file) => !startsSomething(file, testDir, seen))
    .map((file) => relative(root, file));
}

module.exports = { unitTests };
