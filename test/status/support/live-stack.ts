/**
 * The status page against the real thing: two local HTTP targets (one answering 200, one 503),
 * Debian's blackbox_exporter probing them every second through the repository's own probe job
 * (prometheus/config.ts) and module (prometheus/blackbox.yml, TLS not required: the targets are plain
 * HTTP), a real Prometheus evaluating the repository's uptime alerts (their `for` cut to seconds),
 * and the status service reading it. Shared by the integration and browser tests and by
 * `npm run status:screenshot`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { jobs } from '../../../alerting/rules/metrics';
import type { Logger } from '../../../lib/logging/logger';
import { prometheusConfig } from '../../../prometheus/config';
import { DAY_SECONDS, startOfDay } from '../../../status/days';
import { INCIDENT_ALERTS } from '../../../status/incidents';
import type { StatusJson } from '../../../status/model';
import { createStatusService, type StatusService } from '../../../status/status-service';
import { monitors, type UptimeMonitor } from '../../../uptime/monitors';
import type { AlertsTsdb } from '../../support/alerts-tsdb';
import { startBlackboxExporter, type TestBlackboxExporter } from '../../support/blackbox-exporter';
import { startPrometheus, type TestPrometheus } from '../../support/prometheus-server';
import { createProbeHistory } from './probe-history';

const ROOT = join(__dirname, '..', '..', '..');
export const ENV = 'production';
const TIME_ZONE = 'Asia/Jakarta';

export interface LiveStack {
  prometheus: TestPrometheus;
  status: StatusService;
  /** The status page's base URL. */
  url: string;
  /** The monitor probed at the target answering 200, and the one at the target answering 503. */
  up: UptimeMonitor;
  down: UptimeMonitor;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

async function startBlackbox(dir: string): Promise<TestBlackboxExporter> {
  const config = parse(readFileSync(join(ROOT, 'prometheus', 'blackbox.yml'), 'utf8'));
  for (const module of Object.values(config.modules) as { http: Record<string, unknown> }[])
    module.http.fail_if_not_ssl = false;
  const file = join(dir, 'blackbox.yml');
  writeFileSync(file, stringify(config));
  // A probe's budget is the scrape timeout less this offset (0.5 s by default). At a 1 s interval that
  // left 0.5 s, and a probe of the local server up failed once on a loaded CI machine.
  return startBlackboxExporter(file, ['--timeout-offset=0.1']);
}

/** The repository's uptime alerts, as generated, with `for` cut to 2 s. */
function uptimeRules(dir: string): string {
  const generated = parse(
    readFileSync(join(ROOT, 'alerting', 'rules', 'generated', 'clicky.rules.yml'), 'utf8'),
  );
  const rules = (generated.groups as { rules: { alert?: string; for?: string }[] }[])
    .flatMap((group) => group.rules)
    .filter((rule) => (INCIDENT_ALERTS as readonly string[]).includes(rule.alert ?? ''))
    .map((rule) => ({ ...rule, for: '2s' }));
  const file = join(dir, 'uptime.rules.yml');
  writeFileSync(file, stringify({ groups: [{ name: 'uptime', rules }] }));
  return file;
}

const HOUR = 3600;

/** Past outages of the monitor down (days before today, hour of day, hours) and of the one up. */
export const PAST_OUTAGES = {
  down: [
    [3, 10, 2],
    [20, 1, 0.5],
    [60, 8, 6],
  ],
  up: [[10, 14, 1 / 6]],
} as const;

function history(up: UptimeMonitor, down: UptimeMonitor): AlertsTsdb {
  const today = startOfDay(Date.now() / 1000, TIME_ZONE);
  const outages = (list: readonly (readonly [number, number, number])[]) =>
    list.map(([daysAgo, hour, hours]) => {
      const start = today - daysAgo * DAY_SECONDS + hour * HOUR;
      return [start, start + hours * HOUR] as [number, number];
    });
  return createProbeHistory(
    [
      {
        monitor: down.name,
        instance: down.url,
        alertname: 'ServiceDown',
        severity: 'critical',
        outages: outages(PAST_OUTAGES.down),
      },
      {
        monitor: up.name,
        instance: up.url,
        alertname: 'WebsiteDown',
        severity: 'warning',
        outages: outages(PAST_OUTAGES.up),
      },
    ],
    ENV,
    today - 89 * DAY_SECONDS,
    today,
  );
}

export interface LiveStackOptions {
  logger: Logger;
  dir: string;
  /** Start Prometheus with 89 days of probe and alert history before today (PAST_OUTAGES). */
  withHistory?: boolean;
}

export async function startLiveStack(options: LiveStackOptions): Promise<LiveStack> {
  const upTarget = createServer((_req, res) => res.end('ok'));
  const downTarget = createServer((_req, res) => {
    res.statusCode = 503;
    res.end('down');
  });
  const upUrl = `http://127.0.0.1:${await listen(upTarget)}/health`;
  const downUrl = `http://127.0.0.1:${await listen(downTarget)}/health`;
  const up: UptimeMonitor = { ...monitors.website, url: upUrl };
  const down: UptimeMonitor = { ...monitors.apiHealth, url: downUrl };

  const blackbox = await startBlackbox(options.dir);
  const generated = prometheusConfig(
    {
      prometheus: '127.0.0.1:1',
      alertmanager: '127.0.0.1:1',
      exporter: '127.0.0.1:1',
      blackbox: blackbox.address,
    },
    ENV,
    {
      monitors: [up, down],
      // Every 2 s (and so a 1.9 s probe budget): the monitor up must never read as failing.
      scrapeInterval: '2s',
    },
  );
  const probeJob = generated.scrape_configs.filter((job) => job.job_name === jobs.blackbox);
  const tsdb = options.withHistory ? history(up, down) : undefined;
  const prometheus = await startPrometheus({
    config: { global: generated.global, rule_files: [uptimeRules(options.dir)], scrape_configs: probeJob },
    storagePath: tsdb?.path,
  });

  const status = createStatusService({
    config: {
      env: ENV,
      prometheus: { url: prometheus.url, timeoutMs: 5000 },
      refreshMs: 1000,
      timeZone: TIME_ZONE,
      foundation: 'Clicky Foundation',
    },
    logger: options.logger,
    monitors: [down, up],
  });
  const page = createServer(status.handler);
  const url = `http://127.0.0.1:${await listen(page)}`;
  return {
    prometheus,
    status,
    url,
    up,
    down,
    async stop() {
      status.cache.stop();
      await close(page);
      await prometheus.stop();
      await blackbox.stop();
      await close(upTarget);
      await close(downTarget);
      tsdb?.remove();
    },
  };
}

/** Refreshes the cache until /status.json satisfies `ready` (the probes and the alert take seconds). */
export async function refreshUntil(
  stack: LiveStack,
  what: string,
  ready: (json: StatusJson) => boolean,
  timeoutMs = 150_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await stack.status.cache.refresh();
    const json = (await (await fetch(`${stack.url}/status.json`)).json()) as StatusJson;
    if (ready(json)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(json).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
