/**
 * Log levels from the Phase 7 spec (section 2, "Log Levels by Environment").
 *
 * The numbers are pino's scale so the levels can be installed as pino custom levels; the
 * names are the spec's (WARNING and CRITICAL, not pino's warn and fatal).
 */

export const LEVELS = { debug: 20, info: 30, warning: 40, error: 50, critical: 60 } as const;

export type LevelName = keyof typeof LEVELS;

export const LEVEL_NAMES = Object.keys(LEVELS) as LevelName[];

export const APP_ENVS = ['development', 'staging', 'production'] as const;

export type AppEnv = (typeof APP_ENVS)[number];

/** The minimum level a service logs at when none is configured. */
export function defaultLevel(env: AppEnv): LevelName {
  return env === 'production' ? 'info' : 'debug';
}

/** Whether `level` may be enabled in `env`: the spec's table has DEBUG "No" in production only. */
export function allowedLevel(env: AppEnv, level: LevelName): boolean {
  return !(env === 'production' && level === 'debug');
}
