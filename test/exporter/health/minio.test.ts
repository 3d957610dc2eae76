import { createServer } from 'node:http';
import type { CheckResult, HealthCheck } from '../../../exporter/src/health/check';
import { type MinioCheckOptions, minioCheck } from '../../../exporter/src/health/minio';
import { runCheck } from '../../../exporter/src/health/runner';
import { hangingServerEachTest } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { startS3, type TestS3 } from '../../support/s3';
import { LOAD_MARGIN_MS } from '../../support/timing';
import { waitFor } from '../../support/wait';

/** Deadline of the tests about the deadline: an endpoint that never answers. */
const DEADLINE_MS = 400;
/**
 * Every other test's: far above what a request takes on a loaded machine (s3rver answers from this
 * very process), so their outcome is never a timeout by chance.
 */
const TIMEOUT_MS = 10_000;
const MARGIN_MS = LOAD_MARGIN_MS;

let s3: TestS3;
const checks: HealthCheck[] = [];
const check = (overrides: Partial<MinioCheckOptions> = {}) => {
  const created = minioCheck({
    url: s3.url,
    accessKey: s3.accessKey,
    secretKey: s3.secretKey,
    requiredBuckets: ['uploads'],
    timeoutMs: TIMEOUT_MS,
    ...overrides,
  });
  checks.push(created);
  return created;
};
const run = (target: HealthCheck, timeoutMs = TIMEOUT_MS) => runCheck(target, { timeoutMs });

function expectPublic(result: CheckResult, secrets: string[]) {
  const text = JSON.stringify(result);
  for (const leak of [...secrets, 'http://', '127.0.0.1', 'Error', ' at ']) expect(text).not.toContain(leak);
}

beforeAll(async () => {
  s3 = await startS3({ buckets: ['uploads', 'avatars'] });
});
afterEach(async () => {
  await Promise.all(checks.splice(0).map((created) => created.close()));
});
afterAll(async () => {
  await s3.stop();
});

describe('minioCheck', () => {
  it("is named 'minio' and lists the buckets, sorted, with a latency", async () => {
    const target = check();
    expect(target.name).toBe('minio');
    expect(await run(target)).toEqual({
      status: 'ok',
      latency_ms: expect.any(Number),
      buckets: ['avatars', 'uploads'],
    });
  });

  it('needs no required bucket', async () => {
    expect(await run(check({ requiredBuckets: [] }))).toMatchObject({ status: 'ok' });
  });

  it('names one missing bucket', async () => {
    expect(await run(check({ requiredBuckets: ['uploads', 'exports'] }))).toMatchObject({
      status: 'error',
      reason: 'bucket exports missing',
    });
  });

  it('names several missing buckets', async () => {
    expect(await run(check({ requiredBuckets: ['a', 'uploads', 'b'] }))).toMatchObject({
      status: 'error',
      reason: 'buckets a, b missing',
    });
  });

  it('sees a bucket created after the check', async () => {
    const target = check({ requiredBuckets: ['late'] });
    expect(await run(target)).toMatchObject({ status: 'error', reason: 'bucket late missing' });
    await s3.createBucket('late');
    expect(await run(target)).toMatchObject({ status: 'ok' });
  });

  // s3rver checks that the access key exists but does not verify V4 signatures (its source says
  // "Signature version 4 calculation is unimplemented"): a wrong secret passes there. What a real
  // S3/MinIO answers is replayed by a stub instead.
  it.each([
    [403, 'SignatureDoesNotMatch', 'authentication failed'],
    [403, 'InvalidAccessKeyId', 'authentication failed'],
    [403, 'AccessDenied', 'authentication failed'],
    [503, 'ServiceUnavailable', 'check failed'],
  ])('reports an S3 %i %s answer as "%s", without retrying', async (status, code, reason) => {
    const stub = await startErrorStub(status, code);
    try {
      const result = await run(check({ url: stub.url, secretKey: 'wrong-secret-key' }));
      expect(result).toMatchObject({ status: 'error', reason });
      expectPublic(result, ['wrong-secret-key', s3.accessKey]);
      expect(stub.requests()).toBe(1);
    } finally {
      await stub.close();
    }
  });

  it('reports an unknown access key as "authentication failed"', async () => {
    const result = await run(check({ accessKey: 'NOSUCHKEY123' }));
    expect(result).toMatchObject({ status: 'error', reason: 'authentication failed' });
    expectPublic(result, ['NOSUCHKEY123', s3.secretKey]);
  });

  it('reports a closed port as "connection refused"', async () => {
    const result = await run(check({ url: `http://127.0.0.1:${await freePort()}` }));
    expect(result).toMatchObject({ status: 'error', reason: 'connection refused' });
    expectPublic(result, [s3.accessKey]);
  });

  describe('against an endpoint that accepts connections and never answers', () => {
    const hungServer = hangingServerEachTest();

    const hung = () => check({ url: `http://127.0.0.1:${hungServer().port}`, timeoutMs: DEADLINE_MS });

    it('times out at the deadline and closes its sockets', async () => {
      const target = hung();
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        expect(await run(target, DEADLINE_MS)).toEqual({
          status: 'error',
          reason: `timeout after ${DEADLINE_MS} ms`,
        });
        expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      }
      await waitFor('sockets closed', () => hungServer().openConnections() === 0);
    });

    it('gives up by itself even if nobody aborts it', async () => {
      const target = hung();
      const started = Date.now();
      await expect(target.probe(new AbortController().signal)).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      await waitFor('sockets closed', () => hungServer().openConnections() === 0);
    });
  });
});

/** An S3 endpoint that answers every request with the given error, as S3 and MinIO do. */
function startErrorStub(status: number, code: string) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>secret details</Message></Error>`,
    );
  });
  return new Promise<{ url: string; requests: () => number; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests: () => requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
