import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSummaryConfig } from '../../../alerting/summary/config';
import { ConfigError } from '../../../lib/config/env';

const mail = {
  SMTP_HOST: 'smtp.example.org',
  SMTP_FROM: 'Clicky Alerts <alerts@clicky.or.id>',
  SUMMARY_TO: 'ops@clicky.or.id',
};

function problems(env: Record<string, string>, options = {}): string[] {
  try {
    loadSummaryConfig(env, options);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.variable}: ${p.reason}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSummaryConfig', () => {
  it('has the documented defaults', () => {
    expect(loadSummaryConfig(mail)).toEqual({
      env: 'development',
      logLevel: 'debug',
      lokiUrl: undefined,
      prometheus: { url: 'http://prometheus:9090', timeoutMs: 30_000 },
      port: 9472,
      cron: '0 8 * * *',
      timeZone: 'Asia/Jakarta',
      stepSeconds: 15,
      retries: 3,
      retryDelayMs: 60_000,
      mail: {
        from: 'Clicky Alerts <alerts@clicky.or.id>',
        to: ['ops@clicky.or.id'],
        smtp: {
          host: 'smtp.example.org',
          port: 587,
          security: 'starttls',
          user: undefined,
          password: undefined,
          timeoutMs: 30_000,
        },
      },
    });
  });

  it('reads every variable', () => {
    const config = loadSummaryConfig({
      ...mail,
      APP_ENV: 'production',
      LOG_LEVEL: 'warning',
      LOKI_URL: 'http://loki:3100',
      PROMETHEUS_URL: 'https://prom.example/',
      PROMETHEUS_TIMEOUT_MS: '5000',
      SUMMARY_PORT: '19472',
      SUMMARY_CRON: '30 7 * * 1-5',
      SUMMARY_TIME_ZONE: 'Asia/Makassar',
      SUMMARY_STEP_SECONDS: '60',
      SUMMARY_RETRIES: '0',
      SUMMARY_RETRY_DELAY_MS: '1000',
      SUMMARY_TO: 'a@x.org, b@y.org',
      SMTP_PORT: '465',
      SMTP_SECURE: 'TLS',
      SMTP_USER: 'mailer',
      SMTP_PASSWORD: 'hunter2',
      SMTP_TIMEOUT_MS: '10000',
    });
    expect(config).toMatchObject({
      env: 'production',
      logLevel: 'warning',
      lokiUrl: 'http://loki:3100',
      prometheus: { url: 'https://prom.example/', timeoutMs: 5000 },
      port: 19_472,
      cron: '30 7 * * 1-5',
      timeZone: 'Asia/Makassar',
      stepSeconds: 60,
      retries: 0,
      retryDelayMs: 1000,
      mail: {
        to: ['a@x.org', 'b@y.org'],
        smtp: { port: 465, security: 'tls', user: 'mailer', password: 'hunter2', timeoutMs: 10_000 },
      },
    });
  });

  it('reads the password from SMTP_PASSWORD_FILE, without its final newline', () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-config-'));
    try {
      writeFileSync(join(dir, 'password'), 's3cret\n');
      const config = loadSummaryConfig({
        ...mail,
        SMTP_USER: 'u',
        SMTP_PASSWORD_FILE: join(dir, 'password'),
      });
      expect(config.mail?.smtp.password).toBe('s3cret');
      expect(problems({ ...mail, SMTP_USER: 'u', SMTP_PASSWORD_FILE: join(dir, 'missing') })).toEqual([
        'SMTP_PASSWORD_FILE: cannot read the file',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('requires the mail settings, except for a dry run', () => {
    expect(problems({})).toEqual([
      'SMTP_HOST: is required',
      'SMTP_FROM: is required',
      'SUMMARY_TO: is required',
    ]);
    expect(loadSummaryConfig({}, { dryRun: true }).mail).toBeUndefined();
  });

  it.each([
    [{ SUMMARY_PORT: '0' }, 'SUMMARY_PORT: must be between 1 and 65535'],
    [{ SUMMARY_PORT: 'http' }, 'SUMMARY_PORT: must be a port number'],
    [{ SUMMARY_CRON: '0 25 * * *' }, 'SUMMARY_CRON: must be a cron pattern such as "0 8 * * *"'],
    [
      { SUMMARY_TIME_ZONE: 'Mars/Olympus' },
      'SUMMARY_TIME_ZONE: must be an IANA time zone such as Asia/Jakarta',
    ],
    [{ SUMMARY_STEP_SECONDS: '7' }, 'SUMMARY_STEP_SECONDS: must be at least 8'],
    [{ SUMMARY_STEP_SECONDS: '7000' }, 'SUMMARY_STEP_SECONDS: must be at most 3600'],
    [{ SUMMARY_STEP_SECONDS: '17' }, 'SUMMARY_STEP_SECONDS: must divide a day evenly (e.g. 10, 15, 30, 60)'],
    [
      { PROMETHEUS_URL: 'prometheus:9090' },
      'PROMETHEUS_URL: must be a URL starting with http:// or https://',
    ],
    [{ SUMMARY_TO: 'ops@x.org,,b@y.org' }, 'SUMMARY_TO: must be a comma-separated list without empty items'],
    [{ SUMMARY_TO: 'ops' }, 'SUMMARY_TO: must be email addresses, comma-separated'],
    [{ SMTP_FROM: 'alerts' }, 'SMTP_FROM: must be an email address, optionally "Name <address>"'],
    [{ SMTP_SECURE: 'ssl' }, 'SMTP_SECURE: must be one of starttls, tls, none'],
    [{ SMTP_USER: 'u' }, 'SMTP_PASSWORD: is required when SMTP_USER is set (or SMTP_PASSWORD_FILE)'],
    [{ SMTP_PASSWORD: 'p' }, 'SMTP_USER: is required with a password'],
    [
      { SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_PASSWORD_FILE: '/run/secrets/p' },
      'SMTP_PASSWORD_FILE: set SMTP_PASSWORD or SMTP_PASSWORD_FILE, not both',
    ],
    [
      { APP_ENV: 'production', LOG_LEVEL: 'debug' },
      'LOG_LEVEL: debug is not allowed when APP_ENV=production',
    ],
  ])('rejects %j', (env, problem) => {
    expect(problems({ ...mail, ...env })).toEqual([problem]);
  });

  it('never echoes a value', () => {
    expect(problems({ ...mail, PROMETHEUS_URL: 'ftp://u:hunter2@p' }).join()).not.toContain('hunter2');
  });
});
