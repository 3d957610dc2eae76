import { isRetryableStatus } from '../../../lib/retry/retryable-status';

test.each([408, 429, 500, 502, 503, 504])('%i is transient: retried', (status) => {
  expect(isRetryableStatus(status)).toBe(true);
});

test.each([400, 401, 403, 404, 413, 415])('%i will fail again: not retried', (status) => {
  expect(isRetryableStatus(status)).toBe(false);
});
