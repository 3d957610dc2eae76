/**
 * loki/logrotate/clicky-foundation is the spec's file (section 3) verbatim, and logrotate parses it as
 * meant: run in debug mode (which changes nothing) on a copy whose path points at a temporary directory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FILE = resolve(__dirname, '../../loki/logrotate/clicky-foundation');
// In /usr/sbin, which is not on every user's PATH.
const LOGROTATE = existsSync('/usr/sbin/logrotate') ? '/usr/sbin/logrotate' : 'logrotate';

/** Spec section 3, "Log Rotation", character for character. */
const SPEC = `# /etc/logrotate.d/clicky-foundation
/var/log/clicky/*.log {
    daily
    missingok
    rotate 30
    compress
    delaycompress
    notifempty
    create 0640 www-data www-data
    postrotate
        docker compose -f /opt/clicky-foundation/docker-compose.yml restart fastapi
    endscript
}
`;

let dir: string;
let logs: string;
let config: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logrotate-'));
  logs = join(dir, 'clicky');
  mkdirSync(logs);
  config = join(dir, 'clicky-foundation');
  writeFileSync(config, readFileSync(FILE, 'utf8').replace('/var/log/clicky/', `${logs}/`));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** logrotate -d (debug: reads, decides, prints, touches nothing), with its state file in the temp dir. */
function debug(...flags: string[]): { status: number | null; output: string } {
  const result = spawnSync(LOGROTATE, ['-d', ...flags, '-s', join(dir, 'state'), config], {
    encoding: 'utf8',
  });
  if (result.error)
    throw new Error(`cannot run logrotate (Debian package logrotate): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

it('is the spec file', () => {
  expect(readFileSync(FILE, 'utf8')).toBe(SPEC);
});

it('rotates /var/log/clicky/*.log daily, keeps 30, skips empty files and tolerates none', () => {
  const { status, output } = debug();
  expect(status).toBe(0);
  expect(output).toContain(`rotating pattern: ${logs}/*.log  after 1 days (30 rotations)`);
  expect(output).toContain('empty log files are not rotated, old logs are removed');
  expect(output).not.toMatch(/error/i);
});

it('when rotating: compresses from the second file, recreates 0640 www-data, restarts fastapi', () => {
  writeFileSync(join(logs, 'api.log'), '{"level":"INFO"}\n');
  writeFileSync(join(logs, 'api.log.1'), '{"level":"INFO"}\n'); // yesterday's, not compressed yet
  writeFileSync(join(logs, 'empty.log'), '');
  const { status, output } = debug('-f');
  expect(status).toBe(0);
  expect(output).toContain(`renaming ${logs}/api.log to ${logs}/api.log.1\n`);
  expect(output).toContain(`renaming ${logs}/api.log.1.gz to ${logs}/api.log.2.gz`);
  expect(output).toContain('compressing log with: /bin/gzip');
  expect(output).toMatch(new RegExp(`creating new ${logs}/api\\.log mode = 0640 uid = \\d+ gid = \\d+`));
  expect(output).toContain('docker compose -f /opt/clicky-foundation/docker-compose.yml restart fastapi');
  expect(output).toMatch(
    new RegExp(
      `considering log ${logs}/empty\\.log\n(.*\n){0,3}  log does not need rotating \\(log is empty\\)`,
    ),
  );
});
