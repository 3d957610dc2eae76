/**
 * Child process of bench/metrics.ts: the real exporter, assembled as exporter/src/main.ts does it
 * (createExporter: configuration with its defaults, the built-in business queries), against
 * BENCH_DATABASE_URL (and BENCH_REDIS_URL if given); METRICS_CACHE_MS from BENCH_METRICS_CACHE_MS.
 * Logs go to /dev/null at INFO, as in production, where scrapes are not logged.
 *
 * Prints `{"port":n}` on stdout once it listens and every business query has run once (warm cache).
 */
// As exporter/src/main.ts: the V8 mode production runs with, imported before anything allocates.
import '../../exporter/src/memory-mode';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { builtinQueries } from '../../exporter/src/business/catalogue';
import { loadExporterConfig } from '../../exporter/src/config';
import { createExporter } from '../../exporter/src/exporter';
import { createLogger } from '../../lib/logging/logger';

async function main(): Promise<void> {
  // An explicit environment: whatever the bench was started with (a METRICS_TOKEN...) stays out.
  const config = loadExporterConfig({
    APP_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: process.env.BENCH_DATABASE_URL,
    REDIS_URL: process.env.BENCH_REDIS_URL,
    ...(process.env.BENCH_METRICS_CACHE_MS ? { METRICS_CACHE_MS: process.env.BENCH_METRICS_CACHE_MS } : {}),
  });
  const logger = createLogger({
    app: 'exporter',
    env: config.env,
    level: config.logLevel,
    destination: pino.destination('/dev/null'),
  });
  const exporter = createExporter({
    config,
    queries: builtinQueries({ topPrograms: config.business.topPrograms }),
    logger,
  });
  exporter.metrics.start();
  await exporter.metrics.business?.refreshNow();

  const server = createServer(exporter.handler).listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  // The parent ends this process when it is done; stdin closing covers a parent that died.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
