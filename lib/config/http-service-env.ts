/**
 * The variables every HTTP service here reads besides its port and its logging (logging-env.ts):
 * APP_VERSION, APP_REVISION and SHUTDOWN_DRAIN_MS, and the one shape of a bearer-token variable (METRICS_TOKEN,
 * RELAY_WEBHOOK_TOKEN), declared once so the exporter and the relay validate them alike.
 */
import { z } from 'zod';
import packageJson from '../../package.json';
import { TOKEN_SYNTAX } from '../http/bearer-token';
import { envVar } from './env';

/** Spread into a service's zod object: `z.object({ ...httpServiceEnvFields, PORT: ... })`. */
export const httpServiceEnvFields = {
  /** Reported by /health and the "listening" log line; the package's version by default. */
  APP_VERSION: z.string().default(packageJson.version),
  /** The source revision (commit) running, for `<service>_build_info`; set by the deployment or image. */
  APP_REVISION: z.string().default('unknown'),
  /** How long readiness answers 503 before the server stops accepting (graceful-shutdown.ts). */
  SHUTDOWN_DRAIN_MS: envVar.milliseconds(1000, { min: 0, max: 5000 }),
};

/** An optional bearer token (RFC 6750 b64token): what Prometheus or Alertmanager must present. */
export const bearerTokenVar = () =>
  z
    .string()
    .regex(TOKEN_SYNTAX, 'must be a bearer token (letters, digits and -._~+/, optionally ending in =)')
    .optional();
