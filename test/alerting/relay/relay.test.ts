import type { Relay } from '../../../alerting/relay/relay';
import packageJson from '../../../package.json';
import { postWebhook, testAlert, webhookPayload } from '../../support/alertmanager-payload';
import type { CapturedLogger } from '../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../support/fake-telegram';
import { type InProcessRelay, startInProcessRelay } from '../../support/in-process-relay';
import { promtoolCheckMetrics } from '../../support/metrics';
import { waitFor } from '../../support/wait';

jest.setTimeout(30_000);
const GROUP = '-1001234567890';
const TOKEN = 'am-to-relay';

let tg: FakeTelegram;
let relay: Relay;
let url: string;
let captured: CapturedLogger;
let running: InProcessRelay;

beforeEach(async () => {
  tg = await startFakeTelegram({ chats: [GROUP] });
  running = await startInProcessRelay({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: GROUP,
    TELEGRAM_API_URL: tg.url,
    RELAY_WEBHOOK_TOKEN: TOKEN,
    RELAY_COALESCE_MS: '50',
    RELAY_RETRY_MAX_DELAY_MS: '1000',
  });
  ({ relay, url, captured } = running);
});
afterEach(async () => {
  await running.stop();
  await tg.close();
});

const post = (payload: unknown) => postWebhook(url, payload, { token: TOKEN });

describe('the relay', () => {
  it('sends a firing alert to the chat in the spec’s format', async () => {
    const res = await post(webhookPayload([testAlert()]));
    expect(res).toEqual({ status: 200, body: { status: 'ok', accepted: 1, deduplicated: 0 } });
    await waitFor('the message', () => tg.messages().length === 1);
    expect(tg.messages()[0]?.text).toBe(
      [
        '🔴 DatabaseDown: PostgreSQL is down',
        "The exporter's PostgreSQL check has failed for 1m.",
        '🕐 2026-02-18 17:30:00 WIB',
        '🏷 service=db · instance=exporter:9470',
      ].join('\n'),
    );
  });

  it('sends a repeat within the cooldown once, and the resolution when it comes', async () => {
    const firing = testAlert({ labels: { cooldown: '10m' } });
    await post(webhookPayload([firing]));
    // Alertmanager re-posts the group when another alert joins it: the first one is not news.
    const second = testAlert({ labels: { cooldown: '10m', instance: 'exporter-2:9470' } });
    expect((await post(webhookPayload([firing, second]))).body).toEqual({
      status: 'ok',
      accepted: 1,
      deduplicated: 1,
    });
    await post(webhookPayload([{ ...firing, status: 'resolved', endsAt: '2026-02-18T10:45:00Z' }, second]));
    await waitFor('everything delivered', () => relay.queue.depth === 0 && tg.messages().length > 0, 10_000);
    // Whichever messages and blocks they were coalesced into: each alert once per status.
    const text = tg
      .messages()
      .map((m) => m.text)
      .join('\n\n');
    const times = (s: string) => text.split(s).length - 1;
    expect([times('instance=exporter:9470'), times('instance=exporter-2:9470'), times('RESOLVED')]).toEqual([
      2, 1, 1,
    ]);
    const resolved = text.split('\n\n').find((block) => block.startsWith('✅'));
    expect(resolved?.split('\n')).toEqual([
      '✅ RESOLVED DatabaseDown: PostgreSQL is down',
      '🕐 2026-02-18 17:45:00 WIB · lasted 15m',
      '🏷 service=db · instance=exporter:9470',
    ]);
  });

  it('answers every post of a 200-alert storm with 2xx and delivers all of it without a 429', async () => {
    const alerts = Array.from({ length: 200 }, (_, i) =>
      testAlert({ labels: { alertname: `Storm${i}`, instance: `host-${i}` } }),
    );
    const answers = await Promise.all(alerts.map((alert) => post(webhookPayload([alert]))));
    expect(answers.map((a) => a.status)).toEqual(alerts.map(() => 200));
    await waitFor('the storm delivered', () => relay.queue.depth === 0, 25_000);
    expect(tg.requests().filter((r) => r.status !== 200)).toEqual([]);
    const text = tg
      .messages()
      .map((m) => m.text)
      .join('\n');
    for (let i = 0; i < 200; i++) expect(text).toContain(`Storm${i}: PostgreSQL is down`);
    expect(tg.messages().length).toBeLessThan(20);
  });

  it('accepts alerts while Telegram is down, says so on /health/ready, and delivers when it is back', async () => {
    await tg.down();
    expect((await post(webhookPayload([testAlert()]))).status).toBe(200);
    await waitFor('a failed attempt', () => relay.queue.telegramStatus().status === 'error', 5000);
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      queue: { depth: 1 },
      spool: 'memory',
      telegram: { status: 'error', reason: 'connection refused' },
    });
    await tg.up();
    await waitFor('the message', () => tg.messages().length === 1, 10_000);
  });

  it('exposes its metrics for Prometheus', async () => {
    await post(webhookPayload([testAlert()]));
    await post(webhookPayload([testAlert()]));
    await waitFor('delivery', () => tg.messages().length === 1);
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const line of [
      'relay_alerts_received_total{status="firing"} 2',
      'relay_alerts_deduplicated_total{status="firing"} 1',
      'relay_alerts_delivered_total{status="firing"} 1',
      'relay_messages_sent_total 1',
      'relay_queue_depth 0',
      'relay_delivery_seconds_count 1',
      'http_requests_total{method="POST",route="/alertmanager/webhook",status="200"} 2',
      `clicky_relay_build_info{version="${packageJson.version}",revision="unknown",nodejs_version="${process.version}"} 1`,
    ]) {
      expect(text).toContain(line);
    }
    expect(promtoolCheckMetrics(text)).toEqual({ status: 0, output: '' });
  });

  it('never logs the bot token', async () => {
    tg.failNext(1, 502);
    await post(webhookPayload([testAlert()]));
    await waitFor('delivery', () => tg.messages().length === 1, 10_000);
    expect(captured.lines.join('\n')).not.toContain(tg.token.split(':')[1]);
    expect(captured.lines.length).toBeGreaterThan(3);
  });
});
