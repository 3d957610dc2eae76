import { ConfigError } from '../../../lib/config/env';
import { configOrExit, EX_CONFIG } from '../../../lib/config/exit-codes';

describe('configOrExit', () => {
  let exit: jest.SpyInstance;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`);
    }) as never);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  it('returns what loads', () => {
    expect(configOrExit('svc', () => ({ port: 1 }))).toEqual({ port: 1 });
    expect(exit).not.toHaveBeenCalled();
  });

  it('names the service and every bad variable on stderr, then exits 78', () => {
    const bad = () => {
      throw new ConfigError([{ variable: 'PORT', reason: 'must be a port' }]);
    };
    expect(() => configOrExit('svc', bad)).toThrow(`exit ${EX_CONFIG}`);
    expect(stderr).toHaveBeenCalledWith('svc: invalid configuration: PORT: must be a port\n');
  });

  it('throws anything else: a bug is not a bad setup', () => {
    expect(() =>
      configOrExit('svc', () => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
    expect(exit).not.toHaveBeenCalled();
  });
});
