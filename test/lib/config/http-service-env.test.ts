import { z } from 'zod';
import { ConfigError, loadEnv } from '../../../lib/config/env';
import { bearerTokenVar, httpServiceEnvFields } from '../../../lib/config/http-service-env';
import packageJson from '../../../package.json';

const schema = z.object({ ...httpServiceEnvFields, SOME_TOKEN: bearerTokenVar() });

describe('httpServiceEnvFields and bearerTokenVar', () => {
  it('default to the package version, a 1 s drain and no token', () => {
    expect(loadEnv(schema, {})).toEqual({
      APP_VERSION: packageJson.version,
      APP_REVISION: 'unknown',
      SHUTDOWN_DRAIN_MS: 1000,
    });
  });

  it('read the variables', () => {
    const env = {
      APP_VERSION: '2.0.0',
      APP_REVISION: '3f2a9c1',
      SHUTDOWN_DRAIN_MS: '0',
      SOME_TOKEN: 'abc-DEF_1.2~3+4/5==',
    };
    expect(loadEnv(schema, env)).toEqual({ ...env, SHUTDOWN_DRAIN_MS: 0 });
  });

  it.each([
    ['SHUTDOWN_DRAIN_MS', '6000'],
    ['SOME_TOKEN', 'has spaces'],
    ['SOME_TOKEN', 'a=b'],
  ])('rejects %s=%s, naming it and not echoing the value', (variable, value) => {
    const error = (() => {
      try {
        loadEnv(schema, { [variable]: value });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as Error).message).not.toContain(value);
  });
});
