import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusError, queryInstant, queryRange } from '../../../lib/prometheus/api';
import { startHangingServer } from '../../support/hanging-server';
import { freePort } from '../../support/ports';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';

jest.setTimeout(30_000);

const now = Math.floor(Date.now() / 1000);
const window = { start: now - 600, end: now, step: 60 };

describe('queryRange against a real Prometheus', () => {
  let prom: TestPrometheus;
  beforeAll(async () => {
    prom = await startPrometheus({ config: { global: { evaluation_interval: '15s' } } });
  });
  afterAll(() => prom?.stop());

  it('returns the series with their points from start to end', async () => {
    const [series] = await queryRange('vector(1)', window, { prometheusUrl: prom.url, timeoutMs: 5000 });
    expect(series?.values.map(([t]) => t)).toEqual(
      [0, 60, 120, 180, 240, 300, 360, 420, 480, 540, 600].map((s) => window.start + s),
    );
  });

  it('answers an instant query with its vector, and a scalar as one sample', async () => {
    const options = { prometheusUrl: prom.url, timeoutMs: 5000 };
    expect(await queryInstant('label_replace(vector(2), "job", "api", "", "")', options)).toEqual([
      { metric: { job: 'api' }, value: 2 },
    ]);
    expect(await queryInstant('scalar(vector(3))', options)).toEqual([{ metric: {}, value: 3 }]);
    expect(await queryInstant('absent_series_xyz', options)).toEqual([]);
  });

  it('names the error Prometheus gives to an instant query', async () => {
    const query = queryInstant('up{', { prometheusUrl: prom.url, timeoutMs: 5000 });
    await expect(query).rejects.toThrow(/\/api\/v1\/query: HTTP 400: bad_data: .*parse error/);
  });

  it('names the error Prometheus gives', async () => {
    const query = queryRange('ALERTS{', window, { prometheusUrl: prom.url, timeoutMs: 5000 });
    await expect(query).rejects.toThrow(PrometheusError);
    await expect(query).rejects.toThrow(/\/api\/v1\/query_range: HTTP 400: bad_data: .*parse error/);
  });
});

describe('queryRange failures', () => {
  it('names a refused connection', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(queryRange('up', window, { prometheusUrl: url, timeoutMs: 5000 })).rejects.toThrow(
      `${url}/api/v1/query_range: ECONNREFUSED`,
    );
  });

  it('gives up after the timeout on a server that never answers', async () => {
    const hanging = await startHangingServer();
    try {
      const query = queryRange('up', window, {
        prometheusUrl: `http://127.0.0.1:${hanging.port}`,
        timeoutMs: 200,
      });
      await expect(query).rejects.toThrow(/: no answer within 200 ms$/);
    } finally {
      await hanging.close();
    }
  });

  it('sends credentials in the URL as basic auth, and never shows them', async () => {
    let request: IncomingMessage | undefined;
    const server: Server = createServer((req, res) => {
      request = req;
      res.writeHead(502).end('<html>bad gateway</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const query = queryRange('up', window, {
        prometheusUrl: `http://ops:s%3Acret@127.0.0.1:${port}/prom/`,
        timeoutMs: 5000,
      });
      await expect(query).rejects.toThrow(
        `http://127.0.0.1:${port}/prom/api/v1/query_range: HTTP 502, not a Prometheus range query answer`,
      );
      expect(request?.url).toBe('/prom/api/v1/query_range');
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('ops:s:cret').toString('base64')}`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
