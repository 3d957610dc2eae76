import { DEFAULT_PUSHGATEWAY_URL, parseReportJobArgs, UsageError } from '../../../alerting/jobs/config';
import { ConfigError } from '../../../lib/config/env';

function problems(argv: string[]): readonly string[] {
  try {
    parseReportJobArgs(argv, {});
  } catch (err) {
    if (err instanceof UsageError) return err.problems;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('parseReportJobArgs', () => {
  it('reads the report form with the documented defaults', () => {
    expect(parseReportJobArgs(['--job', 'backup', '--exit-code', '0'], {})).toEqual({
      job: 'backup',
      instance: undefined,
      pushgatewayUrl: DEFAULT_PUSHGATEWAY_URL,
      timeoutMs: 5000,
      retries: 2,
      report: { exitCode: 0, durationSeconds: undefined },
      command: undefined,
    });
  });

  it('reads every option', () => {
    const argv = ['--job=deploy', '--exit-code=2', '--duration=123.4', '--instance', 'web-1:22'];
    argv.push('--pushgateway', 'https://pg.example/prefix', '--timeout', '0.5', '--retries', '0');
    expect(parseReportJobArgs(argv, {})).toEqual({
      job: 'deploy',
      instance: 'web-1:22',
      pushgatewayUrl: 'https://pg.example/prefix',
      timeoutMs: 500,
      retries: 0,
      report: { exitCode: 2, durationSeconds: 123.4 },
      command: undefined,
    });
  });

  it('reads the wrapper form: everything after -- is the command, its options included', () => {
    const config = parseReportJobArgs(['--job', 'backup', '--', '/opt/backup.sh', '--job', 'x', '--'], {});
    expect(config).toMatchObject({ job: 'backup', report: undefined });
    expect(config !== 'help' && config.command).toEqual(['/opt/backup.sh', '--job', 'x', '--']);
  });

  it('takes PUSHGATEWAY_URL from the environment; the flag wins', () => {
    const env = { PUSHGATEWAY_URL: 'http://pushgateway:9091' };
    const fromEnv = parseReportJobArgs(['--job', 'b', '--exit-code', '1'], env);
    expect(fromEnv !== 'help' && fromEnv.pushgatewayUrl).toBe('http://pushgateway:9091');
    const fromFlag = parseReportJobArgs(
      ['--job', 'b', '--exit-code', '1', '--pushgateway', 'http://x:1'],
      env,
    );
    expect(fromFlag !== 'help' && fromFlag.pushgatewayUrl).toBe('http://x:1');
  });

  it('names an invalid PUSHGATEWAY_URL without echoing it', () => {
    const env = { PUSHGATEWAY_URL: 'ftp://user:hunter2@pg' };
    expect(() => parseReportJobArgs(['--job', 'b', '--exit-code', '0'], env)).toThrow(ConfigError);
    expect(() => parseReportJobArgs(['--job', 'b', '--exit-code', '0'], env)).toThrow(
      /^invalid configuration: PUSHGATEWAY_URL: must be a URL/,
    );
    expect(() => parseReportJobArgs(['--job', 'b', '--exit-code', '0'], env)).not.toThrow(/hunter2/);
  });

  it('answers --help', () => {
    expect(parseReportJobArgs(['--help'], {})).toBe('help');
  });

  it.each([
    [[], ['--job is required', '--exit-code is required (or a command after --)']],
    [['--job', 'a/b', '--exit-code', '0'], ['--job: letters, digits, ".", "_" and "-" only']],
    [['--job', 'b', '--exit-code', '256'], ['--exit-code: must be a whole number from 0 to 255']],
    [['--job', 'b', '--exit-code', '1.5'], ['--exit-code: must be a whole number from 0 to 255']],
    [['--job', 'b', '--exit-code', ''], ['--exit-code: must be a whole number from 0 to 255']],
    [
      ['--job', 'b', '--exit-code', '0', '--duration', 'abc'],
      ['--duration: must be a number from 0 to 2678400'],
    ],
    [
      ['--job', 'b', '--exit-code', '0', '--instance', 'a b'],
      ['--instance: letters, digits, ".", "_", ":" and "-" only'],
    ],
    [
      ['--job', 'b', '--exit-code', '0', '--pushgateway', 'pg:9091'],
      ['--pushgateway: must be a http:// or https:// URL'],
    ],
    [['--job', 'b', '--exit-code', '0', '--timeout', '0'], ['--timeout: must be a number from 0.1 to 60']],
    [
      ['--job', 'b', '--exit-code', '0', '--retries', '11'],
      ['--retries: must be a whole number from 0 to 10'],
    ],
    [['--job', 'b', '--'], ['a command is required after --']],
    [
      ['--job', 'b', '--exit-code', '0', '--duration', '1', '--', 'true'],
      [
        '--exit-code is not allowed with a command (its exit code is used)',
        '--duration is not allowed with a command (it is measured)',
      ],
    ],
    [['--job', 'b', 'backup.sh'], [expect.stringContaining("Unexpected argument 'backup.sh'")]],
    [['--job', 'b', '--exit-kode', '0'], [expect.stringContaining("Unknown option '--exit-kode'")]],
  ])('rejects %j', (argv, expected) => {
    expect(problems(argv)).toEqual(expected);
  });
});
