import { routeConsole } from '../../../lib/logging/console-to-logger';
import { capturedLogger } from '../../support/captured-logger';

/** A console of its own, so the test runner's console is never touched. */
const fakeConsole = () => ({ ...console }) as Console;

describe('routeConsole', () => {
  it('logs console output as JSON lines, at the level of the method or of a leading tag', () => {
    const { logger, records } = capturedLogger({ level: 'debug' });
    const target = fakeConsole();
    routeConsole(logger, target);
    target.warn('[WARN] Redis server does not require a password, but a password was supplied.');
    target.warn('Skipping the ready check because INFO command fails: "%s".', 'NOPERM');
    target.error('[ioredis] Unhandled error event:', 'Error: connect ECONNREFUSED');
    target.log('[ERROR] The server returned "wrong number of arguments"');
    target.debug('details', { a: 1 });
    expect(records().map((r) => [r.level, r.message])).toEqual([
      ['WARNING', 'Redis server does not require a password, but a password was supplied.'],
      ['WARNING', 'Skipping the ready check because INFO command fails: "NOPERM".'],
      ['ERROR', '[ioredis] Unhandled error event: Error: connect ECONNREFUSED'],
      ['ERROR', 'The server returned "wrong number of arguments"'],
      ['DEBUG', 'details { a: 1 }'],
    ]);
  });

  it('redacts what a library prints, as any message', () => {
    const { logger, lines } = capturedLogger();
    const target = fakeConsole();
    routeConsole(logger, target);
    target.warn('cannot connect to redis://:hunter22@cache:6379');
    expect(lines.join('')).not.toContain('hunter22');
  });

  it('gives the console back', () => {
    const { logger, lines } = capturedLogger();
    const target = fakeConsole();
    const original = target.warn;
    const restore = routeConsole(logger, target);
    restore();
    expect(target.warn).toBe(original);
    expect(lines).toEqual([]);
  });
});
