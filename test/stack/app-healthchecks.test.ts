/**
 * docker-compose.app-healthchecks.yml holds spec section 1's health checks for the application's
 * services. It is an override: merged over a stand-in for the application's compose file here, as
 * `docker compose -f docker-compose.yml -f docker-compose.app-healthchecks.yml` merges it in deployment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeConfig } from '../support/compose';

/** Spec section 1, "Docker Compose Health Checks", as docker-compose reads it. */
const SPEC = {
  fastapi: {
    test: ['CMD', 'curl', '-f', 'http://localhost:8000/health'],
    interval: '30s',
    timeout: '10s',
    retries: 3,
    start_period: '15s',
  },
  postgres: { test: ['CMD-SHELL', 'pg_isready -U clicky'], interval: '10s', timeout: '5s', retries: 5 },
  redis: { test: ['CMD', 'redis-cli', 'ping'], interval: '10s', timeout: '5s', retries: 5 },
  minio: { test: ['CMD', 'mc', 'ready', 'local'], interval: '30s', timeout: '10s', retries: 3 },
};

it("gives the application's services exactly the spec's health checks", () => {
  const dir = mkdtempSync(join(tmpdir(), 'app-compose-'));
  try {
    const app = join(dir, 'docker-compose.yml');
    writeFileSync(
      app,
      [
        'services:',
        '  fastapi: { image: clicky/api:1.0.0, healthcheck: { test: [CMD, "true"], interval: 1s } }',
        '  postgres: { image: postgres:17.6 }',
        '  redis: { image: redis:8.2.1 }',
        '  minio: { image: minio/minio:RELEASE.2025-09-07T16-13-09Z }',
      ].join('\n'),
    );
    const result = composeConfig([app, 'docker-compose.app-healthchecks.yml'], {});
    expect(result.status).toBe(0);
    const services = result.config?.services ?? {};
    expect(Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.healthcheck]))).toEqual(
      SPEC,
    );
    expect(services.fastapi?.image).toBe('clicky/api:1.0.0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
