/**
 * Cooldown "none" through a real Alertmanager (Debian's prometheus-alertmanager) with the generated
 * config, its group timings shrunk to seconds and its repeat_interval (365d) kept: two failed deploy
 * runs in a row are two alerts (label `run`), so the second is notified although the group was notified
 * moments ago, and the relay's dedup (fingerprint and status, cooldown "none") lets both through.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { relayWebhookUrl } from '../../alerting/alertmanager/settings';
import { ALERTMANAGER_FILE } from '../../alerting/generate-rules';
import { createDeduplicator, parseCooldown } from '../../alerting/relay/dedup';
import { startAlertmanager, type TestAlertmanager } from '../support/alertmanager-server';
import { freePort } from '../support/ports';

jest.setTimeout(60_000);

interface PostedAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  fingerprint: string;
}

/** The generated config, posting to `webhook`, every group_wait 0s and group_interval 1s. */
function fastConfig(webhook: string): Record<string, unknown> {
  const shrink = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(shrink);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => {
          if (key === 'group_wait') return [key, '0s'];
          if (key === 'group_interval') return [key, '1s'];
          if (key === 'credentials_file') return [key, tokenFile];
          return [key, shrink(v)];
        }),
      );
    }
    return value === relayWebhookUrl ? webhook : value;
  };
  return shrink(parse(readFileSync(ALERTMANAGER_FILE, 'utf8'))) as Record<string, unknown>;
}

let posted: PostedAlert[][] = [];
let hook: Server;
let am: TestAlertmanager;
let amUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'cooldown-none-'));
const tokenFile = join(dir, 'relay_token');

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      if (req.url === '/alertmanager/webhook')
        posted.push((JSON.parse(body) as { alerts: PostedAlert[] }).alerts);
      res.end();
    });
  });
  const hookPort = await freePort();
  await new Promise<void>((resolve) => hook.listen(hookPort, '127.0.0.1', resolve));
  writeFileSync(tokenFile, 'cooldown-none-token');
  am = await startAlertmanager({ config: fastConfig(`http://127.0.0.1:${hookPort}/alertmanager/webhook`) });
  amUrl = am.url;
});
afterAll(async () => {
  await am?.stop();
  hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

const failedRun = (run: string) => ({
  alertname: 'DeploymentFailed',
  severity: 'error',
  cooldown: 'none',
  job: 'deploy',
  env: 'production',
  run,
});

async function post(alerts: { labels: Record<string, string>; endsAt?: string }[]): Promise<void> {
  const res = await fetch(`${amUrl}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  expect(res.status).toBe(200);
}

async function postedFiring(run: string): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (posted.flat().some((a) => a.status === 'firing' && a.labels.run === run)) return true;
    await sleep(100);
  }
  return false;
}

it('notifies each failed run once, the second right after the first despite repeat_interval 365d', async () => {
  posted = [];
  const first = failedRun('2026-02-18T10:00:00.000Z');
  const second = failedRun('2026-02-18T10:03:00.000Z');
  await post([{ labels: first }]);
  expect(await postedFiring(first.run)).toBe(true);

  // The second run is reported: Prometheus resolves the first run's alert and fires the second's.
  await post([{ labels: first, endsAt: new Date().toISOString() }, { labels: second }]);
  expect(await postedFiring(second.run)).toBe(true);

  // What the relay sends after its own dedup (fingerprint and status, cooldown "none"): both failures.
  const dedup = createDeduplicator({ maxEntries: 100 });
  const cooldown = parseCooldown('none') as number;
  const sent: string[] = [];
  for (const alert of posted.flat()) {
    if (dedup.isDuplicate(alert.fingerprint, alert.status, Date.now())) continue;
    dedup.record(alert.fingerprint, alert.status, cooldown, Date.now());
    sent.push(`${alert.status} ${alert.labels.run}`);
  }
  expect(sent.filter((s) => s.startsWith('firing'))).toEqual([`firing ${first.run}`, `firing ${second.run}`]);
});
