import { z } from 'zod';
import { ConfigError, envVar, loadEnv } from '../../../lib/config/env';

const schema = z.object({
  PORT: envVar.port(9470),
  DATABASE_URL: envVar.url(['postgres', 'postgresql']),
  BUCKETS: envVar.list(['uploads']),
  APP_ENV: envVar.oneOf(['development', 'staging', 'production'] as const, 'development'),
  LEVEL: envVar.enumOf(['info', 'debug'] as const).optional(),
  TIMEOUT_MS: envVar.milliseconds(2000, { max: 60_000 }),
});

function problemsOf(env: Record<string, string>) {
  try {
    loadEnv(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadEnv', () => {
  it('applies defaults when variables are unset or empty', () => {
    expect(loadEnv(schema, { PORT: '', APP_ENV: '' })).toEqual({
      PORT: 9470,
      BUCKETS: ['uploads'],
      APP_ENV: 'development',
      TIMEOUT_MS: 2000,
    });
  });

  it('parses and normalises valid values', () => {
    expect(
      loadEnv(schema, {
        PORT: '8080',
        DATABASE_URL: 'postgresql://u:p@db:5432/clicky',
        BUCKETS: ' uploads , avatars',
        APP_ENV: 'Production',
        LEVEL: 'DEBUG',
        TIMEOUT_MS: '500',
      }),
    ).toEqual({
      PORT: 8080,
      DATABASE_URL: 'postgresql://u:p@db:5432/clicky',
      BUCKETS: ['uploads', 'avatars'],
      APP_ENV: 'production',
      LEVEL: 'debug',
      TIMEOUT_MS: 500,
    });
  });

  it.each([
    ['PORT', 'abc', 'PORT: must be a port number'],
    ['PORT', '70000', 'PORT: must be between 1 and 65535'],
    ['PORT', '80.5', 'PORT: must be a whole number'],
    [
      'DATABASE_URL',
      'mysql://db/clicky',
      'DATABASE_URL: must be a URL starting with postgres:// or postgresql://',
    ],
    [
      'DATABASE_URL',
      'postgres://clicky:s3cret@db:99999/clicky',
      'DATABASE_URL: has an invalid port: it must be a number from 1 to 65535',
    ],
    [
      'DATABASE_URL',
      'postgres://clicky:s3cret@db:5432x/clicky',
      'DATABASE_URL: has an invalid port: it must be a number from 1 to 65535',
    ],
    ['BUCKETS', 'a,,b', 'BUCKETS: must be a comma-separated list without empty items'],
    ['APP_ENV', 'prod', 'APP_ENV: must be one of development, staging, production'],
    ['TIMEOUT_MS', '0', 'TIMEOUT_MS: must be at least 1 ms'],
    ['TIMEOUT_MS', '60001', 'TIMEOUT_MS: must be at most 60000 ms'],
  ])('rejects %s=%s naming the variable', (variable, value, message) => {
    const error = problemsOf({ [variable]: value });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toContain(message);
  });

  it('never echoes a URL it refuses, which may hold a password', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://clicky:s3cret@db:99999/clicky' }).message).not.toContain(
      's3cret',
    );
  });

  it('reports every invalid variable at once', () => {
    const error = problemsOf({ PORT: 'x', APP_ENV: 'y' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['APP_ENV', 'PORT']);
  });

  it('never echoes the rejected value, which may hold a secret', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://admin:hunter2@db/clicky' });
    expect(error.message).not.toContain('hunter2');
  });
});
