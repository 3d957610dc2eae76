/**
 * The variables every service here reads for its logging (APP_ENV, LOG_LEVEL, LOKI_URL), declared
 * once so the exporter, the relay and the summary validate them alike, with the spec's rule that
 * DEBUG is never on in production.
 */
import type { z } from 'zod';
import { APP_ENVS, type AppEnv, allowedLevel, defaultLevel, LEVELS, type LevelName } from '../logging/levels';
import { envVar } from './env';

const LEVEL_NAMES = Object.keys(LEVELS) as [LevelName, ...LevelName[]];

/** Spread into a service's zod object: `z.object({ ...loggingEnvFields, PORT: ... })`. */
export const loggingEnvFields = {
  APP_ENV: envVar.oneOf(APP_ENVS, 'development'),
  LOG_LEVEL: envVar.enumOf(LEVEL_NAMES).optional(),
  LOKI_URL: envVar.url(['http', 'https']),
};

interface LoggingEnv {
  APP_ENV: string;
  LOG_LEVEL?: LevelName;
  LOKI_URL?: string;
}

/** For the service's superRefine: reports LOG_LEVEL when its level is not allowed in APP_ENV. */
export function checkLogLevel(env: LoggingEnv, ctx: z.RefinementCtx): void {
  if (env.LOG_LEVEL && !allowedLevel(env.APP_ENV as AppEnv, env.LOG_LEVEL)) {
    ctx.addIssue({
      code: 'custom',
      path: ['LOG_LEVEL'],
      message: `${env.LOG_LEVEL} is not allowed when APP_ENV=${env.APP_ENV}`,
    });
  }
}

/** The parsed variables as the service configs carry them. */
export function loggingConfig(env: LoggingEnv): { env: AppEnv; logLevel: LevelName; lokiUrl?: string } {
  const appEnv = env.APP_ENV as AppEnv;
  return { env: appEnv, logLevel: env.LOG_LEVEL ?? defaultLevel(appEnv), lokiUrl: env.LOKI_URL };
}
