/**
 * The check for a dependency without configuration: it always fails, so a missing DATABASE_URL
 * shows up as a failing dependency instead of silently disappearing from /health/ready.
 */
import { CheckFailure, type HealthCheck } from './check';

export function notConfigured(name: string): HealthCheck {
  return {
    name,
    probe: async () => {
      throw new CheckFailure('not configured');
    },
    close: async () => {},
  };
}
