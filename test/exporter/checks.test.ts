import { dependencyChecks } from '../../exporter/src/checks';
import { loadExporterConfig } from '../../exporter/src/config';
import { runChecks } from '../../exporter/src/health/runner';

describe('dependencyChecks', () => {
  it('always has db, redis and minio, reporting the unconfigured ones as failing', async () => {
    const checks = dependencyChecks(loadExporterConfig({ REDIS_URL: 'redis://127.0.0.1:6379/15' }));
    try {
      expect(checks.map((check) => check.name)).toEqual(['db', 'redis', 'minio']);
      const results = await runChecks(checks, { timeoutMs: 1000 });
      expect(results.db).toMatchObject({ status: 'error', reason: 'not configured' });
      expect(results.redis).toMatchObject({ status: 'ok' });
      expect(results.minio).toMatchObject({ status: 'error', reason: 'not configured' });
    } finally {
      await Promise.all(checks.map((check) => check.close()));
    }
  });
});
