import { DEFAULTS, resolveOptions } from '../../../../lib/logging/loki/shipper-options';

const labels = { app: 'exporter', env: 'test' };

test('fills in every default, also for an option given as undefined, and keeps the others', () => {
  const { config } = resolveOptions({
    url: 'http://loki:3100',
    labels,
    maxBatchLines: 5,
    retryMinMs: undefined,
  });
  expect(config).toMatchObject({ ...DEFAULTS, maxBatchLines: 5, url: 'http://loki:3100', labels });
  expect(config.retryMinMs).toBe(DEFAULTS.retryMinMs);
  expect(config.report).toEqual(expect.any(Function));
});

test('pushes to the push path under the URL, with the headers and the request deadline', () => {
  const headers = { 'X-Scope-OrgID': 'clicky' };
  const { target } = resolveOptions({
    url: 'http://loki:3100/prefix//',
    labels,
    headers,
    requestTimeoutMs: 7,
  });
  expect(target).toEqual({ url: 'http://loki:3100/prefix/loki/api/v1/push', labels, headers, timeoutMs: 7 });
});

test('names Loki by its origin only, leaving out path and credentials', () => {
  expect(resolveOptions({ url: 'https://user:secret@loki.example:8443/x', labels }).origin).toBe(
    'https://loki.example:8443',
  );
});

test('a bad URL throws at once', () => {
  expect(() => resolveOptions({ url: 'not a url', labels })).toThrow();
  expect(() => resolveOptions({ url: '', labels })).toThrow();
});
