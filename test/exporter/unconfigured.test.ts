import { loadExporterConfig } from '../../exporter/src/config';
import { unconfiguredDependencies } from '../../exporter/src/unconfigured';

describe('unconfiguredDependencies', () => {
  it('names each dependency without configuration, with the variable that sets it', () => {
    expect(unconfiguredDependencies(loadExporterConfig({})).map((u) => [u.dependency, u.variable])).toEqual([
      ['db', 'DATABASE_URL'],
      ['redis', 'REDIS_URL'],
      ['minio', 'MINIO_URL, MINIO_ACCESS_KEY, MINIO_SECRET_KEY'],
    ]);
  });

  it('leaves out the configured ones', () => {
    const config = loadExporterConfig({ DATABASE_URL: 'postgres://h/db', REDIS_URL: 'redis://h:6379' });
    expect(unconfiguredDependencies(config).map((u) => u.dependency)).toEqual(['minio']);
  });
});
