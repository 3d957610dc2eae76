/**
 * The status page's configuration: the only reader of process.env in this service, validated at
 * start (exit 78 naming the variable, lib/config/exit-codes.ts). status/README.md lists the variables.
 */
import { z } from 'zod';
import { type Env, envVar, loadEnv } from '../lib/config/env';
import { httpServiceEnvFields } from '../lib/config/http-service-env';
import { checkLogLevel, loggingConfig, loggingEnvFields } from '../lib/config/logging-env';
import type { AppEnv, LevelName } from '../lib/logging/levels';

const schema = z
  .object({
    STATUS_PORT: envVar.port(9473),
    ...httpServiceEnvFields,
    ...loggingEnvFields,
    PROMETHEUS_URL: envVar.url(['http', 'https']).default('http://prometheus:9090'),
    PROMETHEUS_TIMEOUT_MS: envVar.milliseconds(10_000, { min: 100, max: 60_000 }),
    STATUS_REFRESH_MS: envVar.milliseconds(60_000, { min: 1000, max: 600_000 }),
    STATUS_TIME_ZONE: envVar.timeZone('Asia/Jakarta'),
    STATUS_FOUNDATION: z
      .string()
      .trim()
      .min(1, 'must not be blank')
      .max(100, 'must be at most 100 characters')
      .default('Clicky Foundation'),
  })
  .superRefine((env, ctx) => {
    checkLogLevel(env, ctx);
    if (env.PROMETHEUS_TIMEOUT_MS >= env.STATUS_REFRESH_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['PROMETHEUS_TIMEOUT_MS'],
        message: 'must be shorter than STATUS_REFRESH_MS',
      });
  });

export interface StatusConfig {
  port: number;
  version: string;
  env: AppEnv;
  logLevel: LevelName;
  lokiUrl?: string;
  shutdownDrainMs: number;
  prometheus: { url: string; timeoutMs: number };
  /** How often Prometheus is read, in the background. */
  refreshMs: number;
  timeZone: string;
  foundation: string;
}

export function loadStatusConfig(env: Env = process.env): StatusConfig {
  const e = loadEnv(schema, env);
  return {
    port: e.STATUS_PORT,
    version: e.APP_VERSION,
    ...loggingConfig(e),
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS,
    prometheus: { url: e.PROMETHEUS_URL, timeoutMs: e.PROMETHEUS_TIMEOUT_MS },
    refreshMs: e.STATUS_REFRESH_MS,
    timeZone: e.STATUS_TIME_ZONE,
    foundation: e.STATUS_FOUNDATION,
  };
}
