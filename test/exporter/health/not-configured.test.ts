import { CheckFailure } from '../../../exporter/src/health/check';
import { notConfigured } from '../../../exporter/src/health/not-configured';
import { runCheck } from '../../../exporter/src/health/runner';

describe('notConfigured', () => {
  it('keeps the dependency name', () => {
    expect(notConfigured('minio').name).toBe('minio');
  });

  it('always fails with a public "not configured" reason', async () => {
    const check = notConfigured('db');
    await expect(check.probe(new AbortController().signal)).rejects.toEqual(
      new CheckFailure('not configured'),
    );
    expect(await runCheck(check, { timeoutMs: 500 })).toMatchObject({
      status: 'error',
      reason: 'not configured',
    });
    await check.close();
  });
});
