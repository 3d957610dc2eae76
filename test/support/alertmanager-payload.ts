/**
 * Webhook payloads as Alertmanager 0.25+ posts them (`webhook_configs`, version 4), for tests of the
 * relay: the group fields derived from the alerts the way Alertmanager derives them, and fingerprints
 * computed as Prometheus's model.LabelSet.Fingerprint does (FNV-1a 64 over the sorted label names and
 * values, each followed by the 0xff separator), so they match what a real Alertmanager sends.
 */

export type Labels = Record<string, string>;

export interface TestAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

export interface TestPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  externalURL: string;
  alerts: TestAlert[];
}

/** Go's zero time: Alertmanager's endsAt of an alert still firing. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

const FNV_OFFSET = 14695981039346656037n;
const FNV_PRIME = 1099511628211n;
const MASK = 2n ** 64n - 1n;

export function alertmanagerFingerprint(labels: Labels): string {
  let hash = FNV_OFFSET;
  const add = (bytes: Iterable<number>) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK;
  };
  for (const name of Object.keys(labels).sort()) {
    add(Buffer.from(name));
    add([0xff]);
    add(Buffer.from(labels[name] ?? ''));
    add([0xff]);
  }
  return hash.toString(16).padStart(16, '0');
}

/** A firing critical alert by default; anything can be overridden. */
export function testAlert(
  overrides: Partial<Omit<TestAlert, 'labels' | 'annotations'>> & {
    labels?: Labels;
    annotations?: Labels;
  } = {},
): TestAlert {
  const labels = {
    alertname: 'DatabaseDown',
    severity: 'critical',
    cooldown: '5m',
    service: 'db',
    instance: 'exporter:9470',
    ...overrides.labels,
  };
  const status = overrides.status ?? 'firing';
  return {
    status,
    labels,
    annotations: {
      summary: 'PostgreSQL is down',
      description: "The exporter's PostgreSQL check has failed for 1m.",
      ...overrides.annotations,
    },
    startsAt: overrides.startsAt ?? '2026-02-18T10:30:00Z',
    endsAt: overrides.endsAt ?? (status === 'resolved' ? '2026-02-18T10:42:10Z' : ZERO_TIME),
    generatorURL: overrides.generatorURL ?? 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint: overrides.fingerprint ?? alertmanagerFingerprint(labels),
  };
}

/** The labels (or annotations) every alert has with the same value. */
function common(sets: Labels[]): Labels {
  const [first, ...rest] = sets;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((s) => s[k] === v)));
}

export function webhookPayload(alerts: TestAlert[], overrides: Partial<TestPayload> = {}): TestPayload {
  const commonLabels = common(alerts.map((a) => a.labels));
  const groupLabels = Object.fromEntries(
    ['alertname', 'service']
      .filter((k) => commonLabels[k] !== undefined)
      .map((k) => [k, commonLabels[k] as string]),
  );
  const groupText = Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return {
    version: '4',
    groupKey: `{}/{severity=~"critical|error"}:{${groupText}}`,
    truncatedAlerts: 0,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'telegram-relay',
    groupLabels,
    commonLabels,
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    externalURL: 'http://alertmanager:9093',
    alerts,
    ...overrides,
  };
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a payload (or any body) to a relay's webhook (or `path`) as Alertmanager does. */
export async function postWebhook(
  baseUrl: string,
  payload: unknown,
  options: { token?: string; contentType?: string; raw?: string; path?: string } = {},
): Promise<PostResult> {
  const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const res = await fetch(`${baseUrl}${options.path ?? '/alertmanager/webhook'}`, {
    method: 'POST',
    headers,
    body: options.raw ?? JSON.stringify(payload),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body };
}
