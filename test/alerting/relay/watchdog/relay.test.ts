/**
 * The watchdog inside the whole relay, over HTTP, against the fake Telegram: a silence becomes the
 * relay's own message through the normal queue, the Watchdog's return its recovery message, and the
 * Watchdog itself never reaches the chat. A 2 s timeout where the silence is under test, 1 h where it
 * must not come; every wait has a generous deadline.
 */
import { BLOCK_SEPARATOR } from '../../../../alerting/relay/message';
import type { Relay } from '../../../../alerting/relay/relay';
import { postWebhook, testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { type InProcessRelay, startInProcessRelay } from '../../../support/in-process-relay';
import { promtoolCheckMetrics, sampleValue, scrapedValue } from '../../../support/metrics';
import { waitFor } from '../../../support/wait';

jest.setTimeout(30_000);
const GROUP = '-1001234567890';
const TOKEN = 'am-to-relay';

let tg: FakeTelegram;
let relay: Relay;
let url: string;
let running: InProcessRelay | undefined;

beforeEach(async () => {
  tg = await startFakeTelegram({ chats: [GROUP] });
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await tg.close();
});

async function startRelay(watchdogTimeout: string): Promise<void> {
  running = await startInProcessRelay({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: GROUP,
    TELEGRAM_API_URL: tg.url,
    RELAY_WEBHOOK_TOKEN: TOKEN,
    RELAY_COALESCE_MS: '50',
    RELAY_WATCHDOG_TIMEOUT: watchdogTimeout,
    APP_ENV: 'staging',
  });
  ({ relay, url } = running);
}

const watchdogPost = (status: 'firing' | 'resolved' = 'firing') =>
  postWebhook(
    url,
    webhookPayload(
      [testAlert({ status, labels: { alertname: 'Watchdog', severity: 'none', env: 'staging' } })],
      {
        receiver: 'watchdog',
      },
    ),
    { token: TOKEN, path: '/alertmanager/watchdog' },
  );
/** relay_watchdog_last_seen_timestamp_seconds, from GET /metrics. */
const lastSeen = async () => Number(await scrapedValue(url, 'relay_watchdog_last_seen_timestamp_seconds'));
/**
 * The relay's notices in the chat, one a block: notices queued within one coalescing window share a
 * message.
 */
const notices = () => tg.messages().flatMap((m) => m.text.split(BLOCK_SEPARATOR));
const pipeline = async () => {
  const res = await fetch(`${url}/health/pipeline`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

it('says the pipeline is silent, and back when the Watchdog returns; the Watchdog itself is never sent', async () => {
  await startRelay('2s');
  expect(await watchdogPost()).toEqual({ status: 200, body: { status: 'ok', alive: true } });
  // The silence is counted from start-up: a machine that took over 2 s to post that first Watchdog
  // had the relay call a start-up silence, and its end on that post. A check joins the one under
  // way, so once it is over both are queued, the end counted; the silence under test comes later.
  await relay.watchdog.check();
  const startup =
    (await sampleValue(relay.registry, 'relay_watchdog_notifications_total', { kind: 'recovered' })) ?? 0;
  const first = 2 * startup;

  await waitFor('the silence notice', () => notices().length === first + 1, 15_000);
  expect(
    notices()
      .slice(0, first)
      .map((text) => Array.from(text)[0]),
  ).toEqual(startup ? ['🚨', '✅'] : []);
  expect(notices()[first]).toMatch(
    /^🚨 \[staging\] Alerting pipeline silent since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB \(/,
  );
  const health = await pipeline();
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({
    status: 'error',
    reason: expect.stringMatching(/^no Watchdog for \d+ s$/),
  });

  // A resolved Watchdog is no sign of life.
  expect((await watchdogPost('resolved')).body).toEqual({ status: 'ok', alive: false });
  expect((await pipeline()).status).toBe(503);

  // No more timed checks from here, so no second silence can be counted however slow the machine is.
  relay.watchdog.stop();
  expect((await watchdogPost()).status).toBe(200);
  await waitFor('the recovery notice', () => notices().length === first + 2, 15_000);
  expect(notices()[first + 1]).toMatch(/^✅ \[staging\] Alerting pipeline back\nWatchdog arrived again at /);
  expect(tg.messages().map((m) => m.chat_id)).toEqual(tg.messages().map(() => GROUP));
  expect(tg.messages().some((m) => m.text.includes('Watchdog:') || m.text.startsWith('⚪'))).toBe(false);

  const metrics = await (await fetch(`${url}/metrics`)).text();
  expect(metrics).toMatch(/^relay_watchdog_last_seen_timestamp_seconds \d+(\.\d+)?$/m);
  expect(metrics).toContain(`relay_watchdog_notifications_total{kind="silent"} ${startup + 1}`);
  expect(metrics).toContain(`relay_watchdog_notifications_total{kind="recovered"} ${startup + 1}`);
  expect(promtoolCheckMetrics(metrics).status).toBe(0);
});

// The tests below are not about the timeout: an hour, so that no silence notice joins their messages.
it('refuses a Watchdog post without the webhook token', async () => {
  await startRelay('1h');
  const res = await postWebhook(url, webhookPayload([testAlert()]), { path: '/alertmanager/watchdog' });
  expect(res.status).toBe(401);
});

it('keeps a Watchdog routed to the ordinary webhook out of the chat, as a sign of life', async () => {
  await startRelay('1h');
  const watchdog = testAlert({ labels: { alertname: 'Watchdog', severity: 'none' } });
  const alert = testAlert();
  const before = await lastSeen();
  expect(await postWebhook(url, webhookPayload([watchdog, alert]), { token: TOKEN })).toEqual({
    status: 200,
    body: { status: 'ok', accepted: 1, deduplicated: 0 },
  });
  await waitFor('the other alert', () => tg.messages().length === 1, 15_000);
  expect(tg.messages()[0]?.text).toMatch(/^🔴 DatabaseDown: /);
  expect(await lastSeen()).toBeGreaterThan(before);
});
