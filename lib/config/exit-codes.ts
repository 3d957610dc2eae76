/**
 * Exit codes from sysexits.h, so a supervisor or a CI step can tell a bad setup from a crash, and
 * the one way every service stops on bad configuration.
 */
import { ConfigError } from './env';

/** Bad command-line arguments. */
export const EX_USAGE = 64;
/** A service the command needs is unavailable. */
export const EX_UNAVAILABLE = 69;
/** Bad configuration: restarting will not help. */
export const EX_CONFIG = 78;

/**
 * `load()`'s result; on a ConfigError, its message (which names every bad variable, never a value)
 * on stderr after `service: `, and exit 78. Other errors are thrown: they are bugs, not setup.
 */
export function configOrExit<T>(service: string, load: () => T): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${service}: ${err.message}\n`);
    process.exit(EX_CONFIG);
  }
}
