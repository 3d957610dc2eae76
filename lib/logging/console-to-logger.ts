/**
 * Sends what libraries print with `console.*` through the service's logger, so every line the
 * process writes is the spec's JSON. ioredis, for one, has no option to silence its
 * `console.warn("[WARN] Redis server does not require a password, but a password was supplied.")`
 * nor its NOPERM ready-check notice; minio-js warns before retries the same way.
 *
 * The level follows the console method (error → ERROR, warn → WARNING, log/info → INFO,
 * debug/trace → DEBUG), or a leading `[WARN]`/`[ERROR]`/... tag, which is then dropped from the
 * message. The text passes through the logger's redaction like any other message.
 */
import { format } from 'node:util';
import type { LevelName } from './levels';
import type { Logger } from './logger';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace';

const LEVEL_OF_METHOD: Record<ConsoleMethod, LevelName> = {
  log: 'info',
  info: 'info',
  warn: 'warning',
  error: 'error',
  debug: 'debug',
  trace: 'debug',
};

const TAG = /^\[(DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL)\]\s*/i;
const LEVEL_OF_TAG: Record<string, LevelName> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warning',
  WARNING: 'warning',
  ERROR: 'error',
  CRITICAL: 'critical',
};

/** Replaces the console methods of `target` (the global console by default); returns the undo. */
export function routeConsole(logger: Logger, target: Console = console): () => void {
  const originals = new Map<ConsoleMethod, Console[ConsoleMethod]>();
  for (const method of Object.keys(LEVEL_OF_METHOD) as ConsoleMethod[]) {
    originals.set(method, target[method]);
    target[method] = (...args: unknown[]) => {
      const text = format(...args);
      const tag = TAG.exec(text);
      const level = tag ? (LEVEL_OF_TAG[tag[1]?.toUpperCase() ?? ''] ?? 'info') : LEVEL_OF_METHOD[method];
      logger[level](tag ? text.slice(tag[0].length) : text);
    };
  }
  return () => {
    for (const [method, original] of originals) target[method] = original;
  };
}
