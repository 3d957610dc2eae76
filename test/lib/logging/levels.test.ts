import { APP_ENVS, allowedLevel, defaultLevel, LEVEL_NAMES, LEVELS } from '../../../lib/logging/levels';

describe('levels', () => {
  it('are the spec levels, in increasing severity', () => {
    expect(LEVEL_NAMES).toEqual(['debug', 'info', 'warning', 'error', 'critical']);
    const values = LEVEL_NAMES.map((name) => LEVELS[name]);
    expect([...values].sort((a, b) => a - b)).toEqual(values);
    expect(new Set(values).size).toBe(values.length);
  });

  it('default to DEBUG in development and staging, INFO in production', () => {
    expect(APP_ENVS).toEqual(['development', 'staging', 'production']);
    expect(defaultLevel('development')).toBe('debug');
    expect(defaultLevel('staging')).toBe('debug');
    expect(defaultLevel('production')).toBe('info');
  });

  // The spec's "Log Levels by Environment" table, row by row.
  it.each([
    ['debug', true, true, false],
    ['info', true, true, true],
    ['warning', true, true, true],
    ['error', true, true, true],
    ['critical', true, true, true],
  ] as const)('%s is allowed in development=%s staging=%s production=%s', (level, dev, staging, prod) => {
    expect(allowedLevel('development', level)).toBe(dev);
    expect(allowedLevel('staging', level)).toBe(staging);
    expect(allowedLevel('production', level)).toBe(prod);
  });

  it('never default to a level the environment forbids', () => {
    for (const env of APP_ENVS) expect(allowedLevel(env, defaultLevel(env))).toBe(true);
  });
});
