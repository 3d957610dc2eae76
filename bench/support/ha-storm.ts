/**
 * The HA alert path with the real binaries on loopback: two Prometheus replicas (prometheus/ha.ts's
 * external label and alert relabelling), two Alertmanagers in a gossip cluster (each Prometheus sends
 * to both), two relays sharing a claims directory (each Alertmanager posts to both, as
 * alerting/alertmanager/ha.ts configures), one fake Telegram chat.
 *
 * A storm: a target whose series `storm_condition{id}` appear one by one until `alerts` are there, one
 * alert each (summary "storm <id>", firing until the end), started once the pipeline is warm (the
 * Alertmanager cluster settled, both replicas scraping), so both relays get notifications from the
 * first alerts on. One third of the way the first Alertmanager is killed (SIGKILL), half-way the
 * first relay (started again 2 s later, as compose's restart policy would), at two thirds the first
 * Prometheus. Then it counts, in the messages the fake Telegram accepted: alerts delivered, lost
 * (never announced firing within the deadline) and duplicated (announced firing in more than one
 * message). A duplicate is logged with what names its window: when each of its messages arrived,
 * which relay spooled it when, and when the crashes were.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { requiredFlags } from '../../alerting/alertmanager/settings';
import { BLOCK_SEPARATOR } from '../../alerting/relay/message';
import { SPOOL_FILE, type SpoolRecord } from '../../alerting/relay/spool';
import { haPrometheusConfig } from '../../prometheus/ha';
import { type Daemon, startDaemon } from '../../test/support/daemon';
import { type FakeTelegram, startFakeTelegram } from '../../test/support/fake-telegram';
import { freePort } from '../../test/support/ports';
import { startPrometheus, type TestPrometheus } from '../../test/support/prometheus-server';
import { startRelayProcess } from '../../test/support/relay-process';
import type { ServiceProcess } from '../../test/support/service-process';
import { waitFor } from '../../test/support/wait';

const CHAT = '-1001234567890';
/** How long the killed relay stays down. */
const RELAY_RESTART_AFTER_MS = 2000;
const WEBHOOK_TOKEN = 'ha-storm-token';

export interface StormOptions {
  alerts: number;
  /** Milliseconds between two new alerts. */
  everyMs: number;
  /** How long to wait for the last deliveries after the storm. */
  deadlineMs: number;
  log?: (line: string) => void;
}

export interface StormResult {
  alerts: number;
  delivered: number;
  lost: number[];
  duplicated: number[];
  /**
   * The duplicated alerts that the README's crash window explains: spooled by the killed relay alone,
   * before its kill, and sent before the kill (Telegram answered, the spool's `done` record not yet
   * written) and again after its restart.
   */
  inCrashWindow: number[];
  /** Alerts each relay accepted (won the claim of and spooled), over its restarts. */
  acceptedBy: number[];
  messages: number;
}

export async function runHaStorm(options: StormOptions): Promise<StormResult> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ha-storm-'));
  const stoppers: (() => Promise<unknown>)[] = [];
  try {
    const tg: FakeTelegram = await startFakeTelegram({ chats: [CHAT], limits: false });
    stoppers.push(() => tg.close());

    let shown = 0;
    const target = createServer((req, res) => {
      if (req.url !== '/metrics') return void res.writeHead(404).end();
      const lines = ['# TYPE storm_condition gauge'];
      for (let id = 0; id < shown; id++) lines.push(`storm_condition{id="${id}"} 1`);
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    stoppers.push(() => new Promise((resolve) => target.close(resolve)));
    const targetAddress = `127.0.0.1:${(target.address() as AddressInfo).port}`;

    // Two relays, their own spools, one claims directory.
    const relayPorts = [await freePort(), await freePort()];
    const spoolFile = (i: number) => join(dir, `spool-${i}`, SPOOL_FILE);
    const startRelay = async (i: number) => {
      const relay = await startRelayProcess({
        port: relayPorts[i] as number,
        telegram: tg,
        chatId: CHAT,
        webhookToken: WEBHOOK_TOKEN,
        spoolDir: dirname(spoolFile(i)),
        env: { RELAY_COALESCE_MS: '200', RELAY_HA_CLAIMS_DIR: join(dir, 'claims') },
        readyTimeoutMs: 60_000,
      });
      relays[i] = relay;
      started.push({ i, relay });
      stoppers.push(() => relay.kill());
    };
    const relays: ServiceProcess[] = [];
    const started: { i: number; relay: ServiceProcess }[] = [];
    await Promise.all(relayPorts.map((_, i) => startRelay(i)));

    // Two Alertmanagers in one cluster, each posting to both relays.
    const tokenFile = join(dir, 'relay_token');
    writeFileSync(tokenFile, WEBHOOK_TOKEN);
    const amConfig = join(dir, 'alertmanager.yml');
    writeFileSync(
      amConfig,
      stringify({
        route: {
          receiver: 'relays',
          group_by: ['alertname'],
          group_wait: '1s',
          group_interval: '2s',
          repeat_interval: '1h',
        },
        receivers: [
          {
            name: 'relays',
            webhook_configs: relayPorts.map((port) => ({
              url: `http://127.0.0.1:${port}/alertmanager/webhook`,
              send_resolved: true,
              max_alerts: 0,
              http_config: { authorization: { type: 'Bearer', credentials_file: tokenFile } },
            })),
          },
        ],
      }),
    );
    const amPorts = [await freePort(), await freePort()];
    const gossipPorts = [await freePort(), await freePort()];
    const alertmanagers: Daemon[] = await Promise.all(
      amPorts.map((port, i) =>
        startDaemon(
          '/usr/bin/prometheus-alertmanager',
          [
            `--config.file=${amConfig}`,
            `--storage.path=${join(dir, `alertmanager-${i}`)}`,
            `--web.listen-address=127.0.0.1:${port}`,
            `--cluster.listen-address=127.0.0.1:${gossipPorts[i]}`,
            `--cluster.peer=127.0.0.1:${gossipPorts[1 - i]}`,
            // 15s by default: how long the second member waits for the first's notification to show
            // up in the gossiped log before sending itself. Shorter here, so a storm ends sooner.
            '--cluster.peer-timeout=3s',
            ...requiredFlags,
          ],
          `http://127.0.0.1:${port}/-/ready`,
          60_000,
        ),
      ),
    );
    for (const am of alertmanagers) stoppers.push(() => am.stop());

    // Two Prometheus replicas, the same rule, each sending to both Alertmanagers.
    const rules = join(dir, 'rules.yml');
    writeFileSync(
      rules,
      stringify({
        groups: [
          {
            name: 'storm',
            interval: '1s',
            rules: [
              {
                alert: 'Storm',
                expr: 'storm_condition > 0',
                // A scrape slower than its 1 s timeout fails, and Prometheus marks the target's series
                // stale: without this the alerts would resolve and fire again (a second firing message,
                // read as a duplicate). The storm's series never go away, so nothing resolves here.
                keep_firing_for: '5m',
                labels: { severity: 'critical', cooldown: '1h' },
                annotations: { summary: 'storm {{ $labels.id }}', description: 'An alert of the HA storm.' },
              },
            ],
          },
        ],
      }),
    );
    const prometheuses: TestPrometheus[] = [];
    for (const replica of ['a', 'b']) {
      const base = haPrometheusConfig(
        { prometheus: '', alertmanager: '', exporter: '', blackbox: '' },
        'development',
        replica,
        amPorts.map((p) => `127.0.0.1:${p}`),
      );
      const prometheus = await startPrometheus({
        config: {
          global: { ...base.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
          rule_files: [rules],
          alerting: base.alerting,
          scrape_configs: [{ job_name: 'storm', static_configs: [{ targets: [targetAddress] }] }],
        },
      });
      prometheuses.push(prometheus);
      stoppers.push(() => prometheus.stop());
    }
    // Started cold, the pipeline would notify the first alerts only seconds into the storm, after the
    // relay's kill: the two relays would never race for a claim. Alertmanager notifies nothing until
    // its gossip has settled (the member count unchanged for three checks 2 s apart), and Prometheus
    // applies new scrape targets on a 5 s tick.
    const warming = Date.now();
    await waitFor(
      'the Alertmanager cluster to settle and both Prometheus replicas to scrape the storm target',
      async () =>
        (await Promise.all(amPorts.map((port) => clusterReady(`http://127.0.0.1:${port}`)))).every(Boolean) &&
        (await Promise.all(prometheuses.map((p) => p.query('up{job="storm"} == 1').catch(() => [])))).every(
          (samples) => samples.length === 1,
        ),
      60_000,
      200,
    );
    log(`pipeline warm after ${Date.now() - warming} ms`);

    // The storm, with a crash of each kind on the way.
    const stormStart = Date.now();
    const since = (at: number) => `${((at - stormStart) / 1000).toFixed(2)} s`;
    const crashLog: string[] = [];
    const kill = (what: string) => {
      log(`killing ${what} (SIGKILL)`);
      crashLog.push(`${what} killed at ${since(Date.now())}`);
    };
    let restarted = Promise.resolve();
    let relayKilledAt = Number.POSITIVE_INFINITY;
    let spooledBeforeRestart = new Map<number, number[]>();
    let relayBackAt = Number.POSITIVE_INFINITY;
    const crashes = new Map<number, () => Promise<void>>([
      [
        Math.floor(options.alerts / 3),
        async () => {
          kill('Alertmanager 1');
          alertmanagers[0]?.child.kill('SIGKILL');
        },
      ],
      [
        Math.floor(options.alerts / 2),
        async () => {
          kill('relay 1');
          await relays[0]?.kill();
          relayKilledAt = Date.now();
          // Its restart compacts the spool, dropping what it had delivered: read it before.
          spooledBeforeRestart = spooledAt(spoolFile(0));
          // Back a moment later, as compose's `restart: unless-stopped` brings it: what it had claimed
          // and spooled but not sent is late, not lost.
          restarted = sleep(RELAY_RESTART_AFTER_MS)
            .then(() => startRelay(0))
            .then(() => {
              relayBackAt = Date.now();
              log('relay 1 restarted');
              crashLog.push(`relay 1 back at ${since(Date.now())}`);
            });
        },
      ],
      [
        Math.floor((2 * options.alerts) / 3),
        async () => {
          kill('Prometheus 1');
          prometheuses[0]?.kill();
        },
      ],
    ]);
    for (shown = 0; shown < options.alerts; ) {
      shown++;
      await crashes.get(shown)?.();
      await sleep(options.everyMs);
    }
    await restarted;

    const ids = () => {
      const counts = new Map<number, number>();
      for (const { text } of tg.messages())
        for (const id of firingIds(text)) counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts;
    };
    const deadline = Date.now() + options.deadlineMs;
    while (ids().size < options.alerts && Date.now() < deadline) await sleep(500);
    // Late duplicates come from the second member's peer timeout or a relay's retry: wait them out.
    await sleep(5000);
    const counts = ids();
    if (counts.size < options.alerts) {
      // Where the missing ones stopped, for the failure message.
      for (const [i, relay] of relays.entries())
        log(`relay ${i}: ${JSON.stringify(relay.lines.slice(-5))} ${relay.stderr().slice(-500)}`);
      for (const [i, am] of alertmanagers.entries()) log(`alertmanager ${i}: ${am.log().slice(-1500)}`);
      log(`prometheus 1: ${prometheuses[1]?.log().slice(-1500)}`);
    }
    for (const { text } of tg.messages())
      if (firingIds(text).some((id) => (counts.get(id) ?? 0) > 1))
        log(`message with a duplicate: ${text.slice(0, 300).replaceAll('\n', ' | ')}`);
    const spooled = relays.map((_, i) => spooledAt(spoolFile(i), i === 0 ? spooledBeforeRestart : undefined));
    const inCrashWindow: number[] = [];
    for (const [id, count] of counts) {
      if (count < 2) continue;
      const sent = tg
        .messages()
        .filter(({ text }) => firingIds(text).includes(id))
        .map((m) => m.at);
      const [byKilled = [], byOther = []] = spooled.map((byId) => byId.get(id) ?? []);
      if (
        byOther.length === 0 &&
        byKilled.every((at) => at < relayKilledAt) &&
        sent.filter((at) => at < relayKilledAt).length === 1 &&
        sent.every((at) => at < relayKilledAt || at >= relayBackAt)
      )
        inCrashWindow.push(id);
      const spools = spooled.flatMap((byId, i) =>
        (byId.get(id) ?? []).map((at) => `relay ${i + 1} at ${since(at)}`),
      );
      log(
        `storm ${id} ${count} times: messages at ${sent.map(since).join(', ')}; spooled by ${spools.join(', ') || 'no relay'}; ${crashLog.join(', ')}`,
      );
    }
    const all = Array.from({ length: options.alerts }, (_, id) => id);
    return {
      alerts: options.alerts,
      delivered: all.filter((id) => counts.has(id)).length,
      lost: all.filter((id) => !counts.has(id)),
      duplicated: all.filter((id) => (counts.get(id) ?? 0) > 1),
      inCrashWindow: inCrashWindow.sort((a, b) => a - b),
      acceptedBy: relayPorts.map((_, i) =>
        started
          .filter((s) => s.i === i)
          .flatMap(({ relay }) => relay.lines as { message?: string; accepted?: number }[])
          .filter((line) => line.message === 'Alertmanager notification accepted')
          .reduce((sum, line) => sum + (line.accepted ?? 0), 0),
      ),
      messages: tg.messages().length,
    };
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The storm alerts a message announces as firing, by id. A resolved block ("✅ RESOLVED Storm: …", see
 * alerting/relay/message.ts) is not a delivery of the alert: it never counts as one, nor as a duplicate.
 */
function firingIds(text: string): number[] {
  return text
    .split(BLOCK_SEPARATOR)
    .filter((block) => !block.startsWith('✅'))
    .flatMap((block) => [...block.matchAll(/storm (\d+)/g)].map(([, id]) => Number(id)));
}

/**
 * When each storm alert was spooled (accepted) firing by the relay whose spool file this is, by id,
 * added to `before`.
 */
function spooledAt(file: string, before?: ReadonlyMap<number, number[]>): Map<number, number[]> {
  const byId = new Map(before);
  if (!existsSync(file)) return byId;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    let record: SpoolRecord;
    try {
      record = JSON.parse(line) as SpoolRecord;
    } catch {
      continue;
    }
    const id =
      record.t === 'alert' && record.alert.status === 'firing'
        ? /storm (\d+)/.exec(record.alert.annotations.summary ?? '')?.[1]
        : undefined;
    // A record read before a restart and kept by its compaction is one acceptance, not two.
    if (record.t === 'alert' && id !== undefined)
      byId.set(Number(id), [...new Set([...(byId.get(Number(id)) ?? []), record.at])]);
  }
  return byId;
}

const clusterReady = (alertmanager: string): Promise<boolean> =>
  fetch(`${alertmanager}/api/v2/status`)
    .then((res) => res.json() as Promise<{ cluster?: { status?: string } }>)
    .then(
      (body) => body.cluster?.status === 'ready',
      () => false,
    );
