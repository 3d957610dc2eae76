import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { freePort } from './ports';

/**
 * s3rver's built-in account. s3rver rejects an unknown access key (InvalidAccessKeyId) but does not
 * verify V4 signatures, which minio-js uses: a wrong secret key is accepted.
 */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export interface S3Options {
  /** Buckets created before start() returns. */
  buckets?: string[];
}

export interface TestS3 {
  /** http://127.0.0.1:<port> */
  url: string;
  accessKey: string;
  secretKey: string;
  createBucket(name: string): Promise<void>;
  /** Stops the server and removes its data directory. Call in afterAll. */
  stop(): Promise<void>;
}

// s3rver ships no types; this is the part used here.
interface S3rverInstance {
  run(): Promise<unknown>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
// A typed require: no @types package exists, and an import would need an ambient module declaration.
const S3rver: S3rverConstructor = require('s3rver');

/** Starts s3rver (real S3 protocol) on a free port with a temporary directory. */
export async function startS3(options: S3Options = {}): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const port = await freePort();
  const server = new S3rver({ address: '127.0.0.1', port, directory, silent: true });
  await server.run();
  const url = `http://127.0.0.1:${port}`;
  const admin = new Client({
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
  });

  const s3: TestS3 = {
    url,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    createBucket: (name) => admin.makeBucket(name),
    stop: async () => {
      const http = server.httpServer;
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
  for (const bucket of options.buckets ?? []) await s3.createBucket(bucket);
  return s3;
}
