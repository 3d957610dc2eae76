/** Pushing to a real Pushgateway, and the retry policy against a scripted HTTP server. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { groupUrl, PushError, pushToGateway } from '../../../alerting/jobs/push';
import { startHangingServer } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { startPushgateway, type TestPushgateway } from '../../support/pushgateway';

const options = { job: 'backup', timeoutMs: 2000, retries: 0 };

describe('groupUrl', () => {
  it('names the job and, when given, the instance, keeping a path prefix', () => {
    expect(groupUrl({ ...options, pushgatewayUrl: 'http://pg:9091/' })).toBe(
      'http://pg:9091/metrics/job/backup',
    );
    expect(groupUrl({ ...options, pushgatewayUrl: 'http://h/pg', instance: 'db-1:5432' })).toBe(
      'http://h/pg/metrics/job/backup/instance/db-1%3A5432',
    );
  });
});

describe('against a real Pushgateway', () => {
  let pg: TestPushgateway;
  beforeAll(async () => {
    pg = await startPushgateway();
  });
  afterAll(() => pg.stop());

  it('replaces only the metrics it names in the group (POST)', async () => {
    const push = (body: string) =>
      pushToGateway(body, { ...options, pushgatewayUrl: pg.url, instance: 'h1' });
    await push('a_metric 1\nb_metric 1\n');
    await push('a_metric 2\n');
    expect((await pg.samples('a_metric')).concat(await pg.samples('b_metric'))).toEqual([
      'a_metric{instance="h1",job="backup"} 2',
      'b_metric{instance="h1",job="backup"} 1',
    ]);
  });

  it('fails without retrying when the Pushgateway refuses the text (400)', async () => {
    const push = pushToGateway('not a metric line\n', { ...options, pushgatewayUrl: pg.url, retries: 3 });
    await expect(push).rejects.toThrow(PushError);
    await expect(push).rejects.toThrow(
      /^POST http:\/\/.*\/metrics\/job\/backup: HTTP 400: .* \(1 attempt\)$/,
    );
  });
});

describe('retries', () => {
  let server: Server;
  let url: string;
  let statuses: number[];
  let requests: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      req.resume();
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    requests = 0;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('retries 5xx and 429 with backoff until one succeeds', async () => {
    statuses = [503, 429];
    await pushToGateway('m 1\n', { ...options, pushgatewayUrl: url, retries: 2, retryDelayMs: 10 });
    expect(requests).toBe(3);
  });

  it('gives up after the retries, naming the last problem and the attempts', async () => {
    statuses = [500, 502, 503];
    const push = pushToGateway('m 1\n', { ...options, pushgatewayUrl: url, retries: 2, retryDelayMs: 10 });
    await expect(push).rejects.toThrow(/: HTTP 503 \(3 attempts\)$/);
    expect(requests).toBe(3);
  });

  it('bounds each attempt by the timeout, against a server that never answers', async () => {
    const hanging = await startHangingServer();
    try {
      // The server never answers: the rejection naming the timeout is the proof of the bound.
      const push = pushToGateway('m 1\n', {
        ...options,
        pushgatewayUrl: `http://127.0.0.1:${hanging.port}`,
        timeoutMs: 200,
        retries: 1,
        retryDelayMs: 10,
      });
      await expect(push).rejects.toThrow(/: no answer within 200 ms \(2 attempts\)$/);
    } finally {
      await hanging.close();
    }
  });

  it('names a refused connection', async () => {
    const closed = await freePort();
    const push = pushToGateway('m 1\n', {
      ...options,
      pushgatewayUrl: `http://127.0.0.1:${closed}`,
      retries: 0,
    });
    await expect(push).rejects.toThrow(/: ECONNREFUSED \(1 attempt\)$/);
  });
});
