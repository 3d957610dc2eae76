/**
 * Two relays in-process sharing a claims directory (RELAY_HA_CLAIMS_DIR), each with its own spool, one
 * fake Telegram chat: what Alertmanager posts to both is sent once; with one relay down the other sends
 * everything; a relay that dies between its claims and its spool sends the alerts once back.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRelayConfig } from '../../../../alerting/relay/config';
import { relayIdentity } from '../../../../alerting/relay/ha/identity';
import { createRelay, type Relay } from '../../../../alerting/relay/relay';
import { memorySpool, openFileSpool, type Spool, type SpoolState } from '../../../../alerting/relay/spool';
import { createLifecycle } from '../../../../lib/http/graceful-shutdown';
import { createRegistry } from '../../../../lib/metrics/registry';
import { postWebhook, testAlert, webhookPayload } from '../../../support/alertmanager-payload';
import { capturedLogger } from '../../../support/captured-logger';
import { type FakeTelegram, startFakeTelegram } from '../../../support/fake-telegram';
import { waitFor } from '../../../support/wait';

jest.setTimeout(60_000);
const GROUP = '-1001234567890';
const TOKEN = 'am-to-relay';
const ALERTS = 200;

let dir: string;
let tg: FakeTelegram;
type Running = { relay: Relay; server: Server; url: string };
let pair: Running[];
/** Relays started by a test itself, stopped with the pair. */
let others: Running[];

const emptyState = (): SpoolState => ({ pending: [], seen: [], nextId: 1, skipped: 0 });

async function startRelay(
  claimsDir: string,
  {
    spoolDir,
    spool = memorySpool(),
    state = emptyState(),
  }: { spoolDir?: string; spool?: Spool; state?: SpoolState } = {},
) {
  const config = loadRelayConfig({
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_CHAT_ID: GROUP,
    TELEGRAM_API_URL: tg.url,
    RELAY_WEBHOOK_TOKEN: TOKEN,
    RELAY_COALESCE_MS: '50',
    RELAY_RETRY_MAX_DELAY_MS: '1000',
    RELAY_HA_CLAIMS_DIR: claimsDir,
    ...(spoolDir ? { RELAY_SPOOL_DIR: spoolDir } : {}),
  });
  const relay = createRelay({
    config,
    logger: capturedLogger({ app: 'relay', level: 'error' }).logger,
    lifecycle: createLifecycle(),
    spool,
    state,
    registry: createRegistry({ defaultMetrics: false }),
    // The flood limits are another test's concern (relay.test.ts): here only counts matter.
    rateWindows: [],
    identity: await relayIdentity(spoolDir),
  });
  const server = relay.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { relay, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-pair-'));
  tg = await startFakeTelegram({ chats: [GROUP], limits: false });
  pair = [await startRelay(dir), await startRelay(dir)];
  others = [];
});
afterEach(async () => {
  for (const { relay, server } of [...pair, ...others]) {
    await relay.queue.stop(0);
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
  await tg.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 200 alerts in posts of 20 (one group each), as one Alertmanager sends them. */
const posts = Array.from({ length: ALERTS / 20 }, (_, g) =>
  webhookPayload(
    Array.from({ length: 20 }, (_, i) =>
      testAlert({ labels: { alertname: `Storm${g}`, instance: `host-${g * 20 + i}:9100` } }),
    ),
  ),
);

/** How many messages name each instance: 1 each is every alert once. */
function deliveries(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { text } of tg.messages())
    for (const [instance] of text.matchAll(/host-\d+:9100/g))
      counts.set(instance, (counts.get(instance) ?? 0) + 1);
  return counts;
}

it('sends each alert once when Alertmanager posts it to both relays at the same time', async () => {
  const answers = await Promise.all(
    posts.flatMap((payload) => pair.map(({ url }) => postWebhook(url, payload, { token: TOKEN }))),
  );
  expect(answers.every((a) => a.status === 200)).toBe(true);
  await waitFor('every alert delivered', () => deliveries().size === ALERTS, 30_000);
  // A little longer: a duplicate would come from the other relay's queue.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect([...deliveries().values()].filter((n) => n !== 1)).toEqual([]);
});

it('sends everything through the other relay when one is down', async () => {
  const [down, up] = pair as [(typeof pair)[0], (typeof pair)[0]];
  await new Promise((resolve) => down.server.close(resolve));
  const answers = await Promise.all(
    posts.flatMap((payload) =>
      [down, up].map(({ url }) => postWebhook(url, payload, { token: TOKEN }).catch(() => ({ status: 0 }))),
    ),
  );
  expect(answers.filter((a) => a.status === 200)).toHaveLength(posts.length);
  await waitFor('every alert delivered', () => deliveries().size === ALERTS, 30_000);
  expect([...deliveries().values()].filter((n) => n !== 1)).toEqual([]);
});

it('sends the alerts once when a relay dies after claiming them and before spooling them', async () => {
  const spoolDir = join(dir, 'spool-a');
  const payload = posts[0] as (typeof posts)[0];
  const claims = join(dir, 'claims');
  const peerOnClaims = await startRelay(claims);
  others.push(peerOnClaims);
  // First life: the claims are made, the spool's fsync never returns (the process dies in it).
  const dying = await startRelay(claims, {
    spoolDir,
    spool: { ...memorySpool(), durable: true, append: () => new Promise<void>(() => {}) },
  });
  others.push(dying);
  const unanswered = postWebhook(dying.url, payload, { token: TOKEN }).catch(() => ({ status: 0 }));
  await waitFor('the claims made', () => readdirSync(claims).length === 20, 10_000);
  // The peer's copy of the notification: claimed, so dropped.
  expect((await postWebhook(peerOnClaims.url, payload, { token: TOKEN })).status).toBe(200);
  await dying.relay.queue.stop(0);
  dying.server.closeAllConnections();
  await new Promise((resolve) => dying.server.close(resolve));
  expect((await unanswered).status).toBe(0);

  // Second life over the same spool directory (the same identity), empty: Alertmanager's retry.
  const spool = await openFileSpool(spoolDir, { maxSeen: 1000 });
  const back = await startRelay(claims, { spoolDir, ...spool });
  others.push(back);
  expect((await postWebhook(back.url, payload, { token: TOKEN })).status).toBe(200);
  await waitFor('every alert delivered', () => deliveries().size === 20, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect([...deliveries().values()].filter((n) => n !== 1)).toEqual([]);
  await spool.spool.close();
});
