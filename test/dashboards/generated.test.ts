import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { check, staleFiles } from '../../dashboards/generate';
import { GENERATED_DIR, outputFiles } from '../../dashboards/index';

const root = resolve(__dirname, '../..');

describe('dashboards/generated and dashboards/provisioning', () => {
  it('are up to date with the code (npm run dashboards)', () => {
    const stale = staleFiles(outputFiles(), GENERATED_DIR);
    expect(stale.map(({ path, why }) => `${path.slice(root.length + 1)}: ${why}`)).toEqual([]);
  });

  it('are generated identically every time', () => {
    expect(outputFiles()).toEqual(outputFiles());
  });

  it('hold one JSON file per dashboard, named by its uid, and the two provisioning files', () => {
    expect(outputFiles().map((f) => f.path.slice(root.length + 1))).toEqual([
      'dashboards/generated/clicky-admin-overview.json',
      'dashboards/generated/clicky-api-performance.json',
      'dashboards/generated/clicky-infrastructure.json',
      'dashboards/generated/clicky-logs.json',
      'dashboards/generated/clicky-uptime-alerts.json',
      'dashboards/generated/clicky-slo.json',
      'dashboards/provisioning/datasources/datasources.yml',
      'dashboards/provisioning/dashboards/dashboards.yml',
    ]);
  });
});

describe('staleFiles (what --check reports)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dashboards-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names files that differ, that are missing, and dashboards no longer generated', () => {
    const files = ['a.json', 'b.json', 'c.json'].map((name) => ({
      path: join(dir, name),
      content: `${name}\n`,
    }));
    writeFileSync(join(dir, 'a.json'), 'a.json\n');
    writeFileSync(join(dir, 'b.json'), 'edited by hand\n');
    writeFileSync(join(dir, 'old.json'), '{}\n');
    mkdirSync(join(dir, 'sub'));
    expect(staleFiles(files, dir).map(({ path, why }) => [path.slice(dir.length + 1), why])).toEqual([
      ['b.json', 'differs'],
      ['c.json', 'missing'],
      ['old.json', 'no longer generated'],
    ]);
  });

  it('make --check exit 1, naming each file, and 0 once nothing is stale', () => {
    const files = [{ path: join(dir, 'a.json'), content: '{}\n' }];
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(check(files, dir)).toBe(1);
      expect(errors.mock.calls.flat().join('\n')).toContain('a.json: missing; run `npm run dashboards`');
      writeFileSync(join(dir, 'a.json'), '{}\n');
      expect(check(files, dir)).toBe(0);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('npm run dashboards:check', () => {
  it('exits 0 on the committed files', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'dashboards/generate.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
