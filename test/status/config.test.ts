import { ConfigError } from '../../lib/config/env';
import { loadStatusConfig } from '../../status/config';
import { startServiceProcess } from '../support/service-process';

test('defaults: port 9473, Prometheus in compose, a refresh a minute, Asia/Jakarta', () => {
  expect(loadStatusConfig({})).toMatchObject({
    port: 9473,
    prometheus: { url: 'http://prometheus:9090', timeoutMs: 10_000 },
    refreshMs: 60_000,
    timeZone: 'Asia/Jakarta',
    foundation: 'Clicky Foundation',
  });
});

test('bad values name their variable', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadStatusConfig(env);
    } catch (err) {
      return (err as ConfigError).problems.map((p) => p.variable);
    }
    return [];
  };
  expect(problems({ STATUS_PORT: 'x', STATUS_TIME_ZONE: '+07:00', PROMETHEUS_URL: 'ftp://p' })).toEqual([
    'STATUS_PORT',
    'PROMETHEUS_URL',
    'STATUS_TIME_ZONE',
  ]);
  expect(problems({ STATUS_REFRESH_MS: '5000', PROMETHEUS_TIMEOUT_MS: '5000' })).toEqual([
    'PROMETHEUS_TIMEOUT_MS',
  ]);
  expect(() => loadStatusConfig({ STATUS_FOUNDATION: '  ' })).toThrow(ConfigError);
});

test('the process stops with exit code 78 and the variable named', async () => {
  const service = startServiceProcess('status/main.ts', { STATUS_PORT: '70000' });
  expect(await service.exited).toBe(78);
  expect(service.stderr()).toContain(
    'status: invalid configuration: STATUS_PORT: must be between 1 and 65535',
  );
});
