/**
 * The dependencies left without configuration, each with the variable that configures it: logged once
 * at start, so `npm start` on a bare machine says what to set rather than only answering
 * "not configured" on /health/<dependency>.
 */
import type { ExporterConfig } from './config';

export interface Unconfigured {
  /** The check's name, as /health/<name> and the `service` label say it. */
  dependency: string;
  /** Where to set it. */
  variable: string;
  example: string;
}

export function unconfiguredDependencies(config: ExporterConfig): Unconfigured[] {
  return [
    config.databaseUrl
      ? undefined
      : { dependency: 'db', variable: 'DATABASE_URL', example: 'postgres://user@host:5432/clicky' },
    config.redisUrl
      ? undefined
      : { dependency: 'redis', variable: 'REDIS_URL', example: 'redis://host:6379/0' },
    config.minio
      ? undefined
      : {
          dependency: 'minio',
          variable: 'MINIO_URL, MINIO_ACCESS_KEY, MINIO_SECRET_KEY',
          example: 'MINIO_URL=http://host:9000',
        },
  ].filter((entry): entry is Unconfigured => entry !== undefined);
}
