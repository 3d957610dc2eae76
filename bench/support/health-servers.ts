/**
 * Child process of bench/health.ts: serves the real exporter app, metrics on (real checks against the local
 * PostgreSQL, Redis and an s3rver) and, on another port, a bare Express app answering /health
 * with the same JSON. Prints `{"exporter":port,"bare":port}` on stdout once both listen.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { createExporterApp } from '../../exporter/src/app';
import { minioCheck } from '../../exporter/src/health/minio';
import { postgresCheck } from '../../exporter/src/health/postgres';
import { redisCheck } from '../../exporter/src/health/redis';
import { createExporterMetrics } from '../../exporter/src/metrics/exporter-metrics';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { createLogger } from '../../lib/logging/logger';
import { startS3 } from '../../test/support/s3';

const VERSION = '1.0.0';
const TIMEOUT_MS = 2000;

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
  const checks = [
    postgresCheck({ url: 'postgres://postgres@127.0.0.1:5432/postgres', timeoutMs: TIMEOUT_MS }),
    redisCheck({ url: 'redis://127.0.0.1:6379/0', timeoutMs: TIMEOUT_MS }),
    minioCheck({
      url: s3.url,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      requiredBuckets: ['uploads'],
      timeoutMs: TIMEOUT_MS,
    }),
  ];
  const exporter = createExporterApp({
    version: VERSION,
    logger,
    checks,
    healthTimeoutMs: TIMEOUT_MS,
    lifecycle: createLifecycle(),
    // As deployed: with metrics, so every request is also counted in the HTTP RED metrics.
    metrics: {
      exporterMetrics: createExporterMetrics({ checks, healthTimeoutMs: TIMEOUT_MS }),
      startedAt: Date.now(),
    },
  });

  // Same answer as the exporter's, headers included: no ETag computed, no X-Powered-By.
  const bare = express().disable('x-powered-by').set('etag', false);
  bare.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: VERSION });
  });

  const ports = { exporter: await listen(exporter), bare: await listen(bare) };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  // The parent ends this process when it is done; stdin closing covers a parent that died.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
