import { parseWebhook } from '../../../alerting/relay/webhook';
import { alertmanagerFingerprint, testAlert, webhookPayload } from '../../support/alertmanager-payload';

describe('parseWebhook', () => {
  it('accepts what Alertmanager posts, firing and resolved alerts together', () => {
    const payload = webhookPayload([
      testAlert(),
      testAlert({ status: 'resolved', labels: { instance: 'b' } }),
    ]);
    const result = parseWebhook(JSON.parse(JSON.stringify(payload)));
    expect(result).toEqual({ ok: true, payload });
  });

  it('keeps fields a later Alertmanager may add', () => {
    const payload = { ...webhookPayload([testAlert()]), newField: 1 };
    expect(parseWebhook(payload).ok).toBe(true);
  });

  it.each([
    ['version', '3', 'version: must be "4" (Alertmanager webhook version 4)'],
    ['groupKey', undefined, 'groupKey: Invalid input: expected string, received undefined'],
    ['alerts', [], 'alerts: must hold at least one alert'],
    ['alerts.0.status', 'pending', 'alerts[0].status: Invalid option: expected one of "firing"|"resolved"'],
    [
      'alerts.0.labels.alertname',
      5,
      'alerts[0].labels.alertname: Invalid input: expected string, received number',
    ],
    ['alerts.0.startsAt', 'yesterday', 'alerts[0].startsAt: must be an RFC 3339 time'],
    ['alerts.0.fingerprint', '', 'alerts[0].fingerprint: must not be empty'],
    ['truncatedAlerts', -1, 'truncatedAlerts: Too small: expected number to be >=0'],
  ])('names the field that is wrong: %s = %j', (path, value, reason) => {
    const payload = JSON.parse(JSON.stringify(webhookPayload([testAlert()]))) as Record<string, unknown>;
    const keys = path.split('.');
    const last = keys.pop() as string;
    const parent = keys.reduce(
      (node, key) => (node as Record<string, unknown>)[key],
      payload as unknown,
    ) as Record<string, unknown>;
    if (value === undefined) delete parent[last];
    else parent[last] = value;
    expect(parseWebhook(payload)).toEqual({ ok: false, reason });
  });

  it('says how many more problems there are, and refuses what is not an object', () => {
    expect(parseWebhook({ version: '4' })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^groupKey: .* \(and 7 more\)$/),
    });
    expect(parseWebhook([])).toEqual({
      ok: false,
      reason: 'body: Invalid input: expected object, received array',
    });
  });

  it.each([
    [
      'alerts[0].labels',
      '{"x":"y"}',
      'alerts[0].labels.__proto__: Invalid input: expected string, received object',
    ],
    [
      'alerts[0].annotations',
      '5',
      'alerts[0].annotations.__proto__: Invalid input: expected string, received number',
    ],
    ['commonLabels', '"db"', 'commonLabels.__proto__: cannot be a label or annotation name'],
  ])('refuses a key named __proto__ in %s (= %s) instead of dropping it', (where, value, reason) => {
    // Only JSON.parse makes `__proto__` an own key, as it is on the wire.
    const text = JSON.stringify(webhookPayload([testAlert()]));
    const key =
      where === 'commonLabels'
        ? '"commonLabels":{'
        : where.endsWith('labels')
          ? '"labels":{'
          : '"annotations":{';
    const body: unknown = JSON.parse(text.replace(key, `${key}"__proto__":${value},`));
    expect(parseWebhook(body)).toEqual({ ok: false, reason });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('uses fingerprints computed as Prometheus does', () => {
    // prometheus/common model/signature_test.go: 5799056148416392346
    expect(alertmanagerFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toBe(
      '507a62d79ee76c9a',
    );
  });
});
