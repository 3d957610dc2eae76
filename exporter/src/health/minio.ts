/**
 * MinIO (S3) check: ListBuckets, then every required bucket must be listed.
 *
 * minio-js takes no AbortSignal and no timeout (setRequestOptions drops both), but it sends every
 * request through `transport.request(options, callback)`. Each probe gets a transport that adds
 * the probe's signal and an inactivity timeout, so a hung endpoint cannot hold a socket.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Client, type ClientOptions } from 'minio';
import { type CheckDetails, CheckFailure, type HealthCheck } from './check';

export interface MinioCheckOptions {
  /** http:// or https:// endpoint, e.g. http://minio:9000 (path-style requests). */
  url: string;
  accessKey: string;
  secretKey: string;
  /** Buckets that must exist; any missing one fails the check, naming it. */
  requiredBuckets: readonly string[];
  /** Bound for the whole request: connect, response and body (also the socket inactivity limit). */
  timeoutMs: number;
}

type Transport = NonNullable<ClientOptions['transport']>;

export function minioCheck(options: MinioCheckOptions): HealthCheck {
  const endpoint = new URL(options.url);
  const secure = endpoint.protocol === 'https:';
  const base = secure ? https : http;
  // No keep-alive: each probe opens and closes its own connection, so no socket idles between
  // probes and none is reused after the server dropped it.
  const agent = new base.Agent({ keepAlive: false, maxSockets: 2 });
  const clientOptions: ClientOptions = {
    endPoint: endpoint.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: endpoint.port ? Number(endpoint.port) : undefined,
    useSSL: secure,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
    // A fixed region spares a GetBucketLocation round trip; ListBuckets is region independent.
    region: 'us-east-1',
    transportAgent: agent,
    // minio-js retries 5xx answers after a console.warn; a health probe reports them instead.
    retryOptions: { disableRetry: true },
  };

  return {
    name: 'minio',
    probe: async (signal): Promise<CheckDetails> => {
      const client = new Client({ ...clientOptions, transport: bounded(base, signal, options.timeoutMs) });
      const buckets = (await client.listBuckets()).map((bucket) => bucket.name).sort();
      const missing = options.requiredBuckets.filter((name) => !buckets.includes(name));
      if (missing.length === 1) throw new CheckFailure(`bucket ${missing[0]} missing`);
      if (missing.length > 1) throw new CheckFailure(`buckets ${missing.join(', ')} missing`);
      return { buckets };
    },
    close: async () => agent.destroy(),
  };
}

/** `base.request` with the probe's signal and a socket inactivity timeout that ends the request. */
function bounded(base: typeof http | typeof https, signal: AbortSignal, timeoutMs: number): Transport {
  const request = (requestOptions: http.RequestOptions, callback?: (res: http.IncomingMessage) => void) => {
    const req = base.request({ ...requestOptions, signal, timeout: timeoutMs }, callback);
    // 'timeout' only reports inactivity; destroying the request closes the socket.
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('S3 request timed out'), { code: 'ETIMEDOUT' })),
    );
    return req;
  };
  return { request } as Transport;
}
