/**
 * The real exporter, in-process and listening on a free port, over a test database loaded with the
 * reference schema and demo data, and a private Redis: what Prometheus scrapes in production.
 */
import { createServer, type Server } from 'node:http';
import Redis from 'ioredis';
import request from 'supertest';
import { builtinQueries } from '../../../exporter/src/business/catalogue';
import { loadExporterConfig } from '../../../exporter/src/config';
import { createExporter } from '../../../exporter/src/exporter';
import {
  type BusinessDatabase,
  createBusinessDatabase,
  DEMO_DATA_SQL,
  runOn,
} from '../../support/business-db';
import { capturedLogger } from '../../support/captured-logger';
import { startRedisServer, type TestRedisServer } from '../../support/redis-server';

export interface RunningExporter {
  /** host:port, for a scrape config. */
  target: string;
  /** GET /metrics as Prometheus reads it. */
  scrape(): Promise<string>;
  /** Requests answered 200, 404 and 503, so every RED series has samples. */
  traffic(): Promise<void>;
  close(): Promise<void>;
}

export async function startExporter(): Promise<RunningExporter> {
  const db: BusinessDatabase = await createBusinessDatabase('dashboards');
  await runOn(db.url, DEMO_DATA_SQL);
  const redis: TestRedisServer = await startRedisServer();
  // A limit, as production should set one: the Redis memory panel draws it.
  const admin = new Redis(redis.url);
  await admin.config('SET', 'maxmemory', '64mb');
  admin.disconnect();

  const { logger } = capturedLogger({ level: 'info' });
  // Assembled as main.ts does it. MinIO stays unconfigured: its check fails, which the error panels
  // and /health/minio's 503s need. System figures every second, every scrape rendered anew.
  const config = loadExporterConfig({
    APP_VERSION: '1.0.0-test',
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    METRICS_SYSTEM_INTERVAL_MS: '1000',
    METRICS_CACHE_MS: '0',
  });
  const exporter = createExporter({ config, queries: builtinQueries(), logger });
  exporter.metrics.start();
  await exporter.metrics.business?.refreshNow();
  const server: Server = await new Promise((resolve) => {
    const s = createServer(exporter.handler).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    target: `127.0.0.1:${port}`,
    scrape: async () => (await request(server).get('/metrics')).text,
    async traffic() {
      for (const path of [
        '/health',
        '/health/db',
        '/health/ready',
        '/health/minio',
        '/metrics/summary',
        '/nope',
      ]) {
        await request(server).get(path);
      }
    },
    async close() {
      const closed = new Promise((resolve) => server.close(resolve));
      // Keep-alive sockets (supertest, Prometheus) would hold close() open until they time out.
      server.closeAllConnections();
      await closed;
      await exporter.close();
      await redis.stop();
      await db.drop();
    },
  };
}

/**
 * Every sample name in Prometheus text: histograms appear as their _bucket/_sum/_count series and
 * counters with _total, exactly as PromQL selects them.
 */
export function sampleNames(text: string): Set<string> {
  const names = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? '');
  return new Set(names.filter(Boolean));
}
