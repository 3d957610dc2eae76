/**
 * Child process of bench/health.ts: serves the real exporter app, metrics on (real checks against the local
 * PostgreSQL, Redis and an s3rver) and, on another port, a bare Express app answering /health
 * with the same JSON. Prints `{"exporter":port,"bare":port}` on stdout once both listen.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { loadExporterConfig } from '../../exporter/src/config';
import { createExporter } from '../../exporter/src/exporter';
import { createLogger } from '../../lib/logging/logger';
import { startS3 } from '../../test/support/s3';

const VERSION = '1.0.0';

async function listen(handler: RequestListener): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer(handler).listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

async function main(): Promise<void> {
  const s3 = await startS3();
  await s3.createBucket('uploads');
  const logger = createLogger({
    app: 'exporter',
    env: 'production',
    level: 'info',
    destination: pino.destination('/dev/null'),
  });
  // Assembled as main.ts does it (metrics on, so every request is also counted in the HTTP RED
  // metrics), with real checks; the background refreshes are not started: /health is measured.
  const config = loadExporterConfig({
    APP_ENV: 'production',
    APP_VERSION: VERSION,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: 'redis://127.0.0.1:6379/0',
    MINIO_URL: s3.url,
    MINIO_ACCESS_KEY: s3.accessKey,
    MINIO_SECRET_KEY: s3.secretKey,
    MINIO_BUCKETS: 'uploads',
  });
  const exporter = createExporter({ config, queries: [], logger });

  // Same answer as the exporter's, headers included: no ETag computed, no X-Powered-By.
  const bare = express().disable('x-powered-by').set('etag', false);
  bare.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: VERSION });
  });

  const ports = { exporter: await listen(exporter.handler), bare: await listen(bare) };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  // The parent ends this process when it is done; stdin closing covers a parent that died.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
