/**
 * The logger a service runs with: spec JSON lines on stdout and, when a Loki URL is configured,
 * the same lines pushed to Loki (labels app, env, level) through a bounded, retrying shipper.
 * Libraries' console output goes through it too (logger `<app>.console`), so every line is JSON.
 */
import { routeConsole } from './console-to-logger';
import type { AppEnv, LevelName } from './levels';
import { createLogger, type Logger, loggerFor } from './logger';
import { createLokiShipper, type LokiShipper } from './loki/shipper';

export interface ServiceLoggerOptions {
  /** The service's name ("exporter", "relay"): the root logger name and the Loki `app` label. */
  app: string;
  env: AppEnv;
  level: LevelName;
  /** Loki's base URL (e.g. http://loki:3100); unset: stdout only. */
  lokiUrl?: string;
}

export interface ServiceLogger {
  logger: Logger;
  /** Present when shipping to Loki: its counters feed the service's metrics. */
  loki?: LokiShipper;
  /** Flushes what is buffered (bounded in time) before the process exits. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 3000;

export function createServiceLogger(options: ServiceLoggerOptions): ServiceLogger {
  const loki = options.lokiUrl
    ? createLokiShipper({ url: options.lokiUrl, labels: { app: options.app, env: options.env } })
    : undefined;
  const logger = createLogger({
    app: options.app,
    env: options.env,
    level: options.level,
    destinations: loki ? [loki] : [],
  });
  const restoreConsole = routeConsole(loggerFor(logger, `${options.app}.console`));
  return {
    logger,
    loki,
    async close() {
      restoreConsole();
      logger.flush();
      await loki?.close(CLOSE_TIMEOUT_MS);
    },
  };
}
