/**
 * The monitoring stack without Docker: the exporter (and the relay, once alerting/relay/main.ts exists)
 * through tsx, Prometheus, Alertmanager, Pushgateway and blackbox_exporter from the machine's binaries,
 * with this repository's configs in a temporary directory, every service on 127.0.0.1 and a free port.
 * `startStack` resolves once every service is ready; `stop` ends them all and removes the directory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppEnv } from '../lib/logging/levels';
import type { UptimeMonitor } from '../uptime/monitors';
import { findBinaries } from './binaries';
import { freePort } from './free-port';
import { type ManagedProcess, type ProcessSpec, startProcess } from './process';
import {
  hostPort,
  RELAY_ENTRY,
  ROOT,
  SERVICES,
  type ServiceName,
  type StackConfigs,
  type StackPlan,
  serviceSpecs,
  stackEnv,
} from './services';

export type { ServiceName } from './services';

export interface StackOptions {
  /** Environment of the exporter and relay (DATABASE_URL, REDIS_URL, ...); default: this process's. */
  env?: Record<string, string | undefined>;
  /**
   * Run the relay: by default when the environment names a Telegram bot and chat
   * (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID), which the relay requires; a local stack never invents them.
   */
  relay?: boolean;
  /** The FastAPI app's host:port, scraped as clicky-api when given. */
  api?: string;
  /** What the blackbox probes check; default: uptime/monitors.ts with the URLs of the stack's env (development: local ones). */
  monitors?: readonly UptimeMonitor[];
  /** Replaces every scrape and evaluation interval (tests use 1s). */
  scrapeInterval?: string;
  /** Port of an SMTP server on 127.0.0.1 for Alertmanager's e-mails; default: a port where none listens. */
  smtpPort?: number;
  /** Scaled or adapted configs instead of the repository's (stack/chaos/). */
  configs?: StackConfigs;
  /** Flags appended to a service's command line. */
  extraArgs?: Partial<Record<ServiceName, string[]>>;
  /** Where to look for the binaries; default: PATH. */
  path?: string;
  /** How long each service may take to become ready. */
  readyTimeoutMs?: number;
  /** Progress lines ("prometheus ready at ..."). */
  log?: (line: string) => void;
  /**
   * Fixed ports: the services take this one and the next six, in SERVICES order then the SMTP sink
   * (exporter, relay, pushgateway, blackbox, alertmanager, prometheus, smtp); default: free ports.
   */
  basePort?: number;
}

/** A service the deployed stack runs and this one does not, and why. */
export interface LeftOut {
  name: string;
  why: string;
}

export interface Stack {
  /** The temporary directory: configs, data, `logs/<service>.log`. Removed by stop(). */
  dir: string;
  /** APP_ENV of the exporter and relay, and the `env` label of every series Prometheus scrapes. */
  env: AppEnv;
  urls: Partial<Record<ServiceName, string>>;
  /** What it does not run, and why (the relay without Telegram settings, for instance). */
  leftOut: LeftOut[];
  processes(): { name: ServiceName; pid: number }[];
  /** Stops one service (TERM, then KILL after 5 s), on purpose: not reported as unexpected. */
  stopService(name: ServiceName): Promise<void>;
  /** Starts a stopped service again, same port, config and data; resolves once it is ready. */
  startService(name: ServiceName): Promise<void>;
  /** Ends every process (TERM, then KILL after 5 s) and removes the directory. Idempotent. */
  stop(): Promise<void>;
}

/** What the binaries inherit; the exporter and relay get `options.env` besides. */
const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'TZ'];

const canRunRelay = (env: Record<string, string>) => Boolean(env.TELEGRAM_BOT_TOKEN && env.TELEGRAM_CHAT_ID);

const definedOnly = (env: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));

/** What docker-compose.monitoring.yml runs that this stack does not, with the reason. */
function leftOut(plan: StackPlan): LeftOut[] {
  return [
    ...(plan.relay
      ? []
      : [
          { name: 'relay', why: 'TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are not both set (it needs a bot)' },
        ]),
    ...(plan.api ? [] : [{ name: 'clicky-api scrape', why: 'no FastAPI app runs here' }]),
    { name: 'grafana, loki, alloy, node-exporter, cadvisor', why: 'they run in the compose stack only' },
  ];
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const binaries = findBinaries(options.path ?? process.env.PATH);
  const log = options.log ?? (() => {});
  const timeout = options.readyTimeoutMs ?? 30_000;
  const ports = {} as StackPlan['ports'];
  for (const [i, name] of [...SERVICES, 'smtp' as const].entries())
    ports[name] = options.basePort === undefined ? await freePort() : options.basePort + i;

  if (options.smtpPort !== undefined) ports.smtp = options.smtpPort;
  const dir = mkdtempSync(join(tmpdir(), 'clicky-stack-'));
  const env = definedOnly(options.env ?? process.env);
  const plan: StackPlan = {
    dir,
    binaries,
    ports,
    env,
    baseEnv: definedOnly(Object.fromEntries(PASSED_ENV.map((key) => [key, process.env[key]]))),
    relay: options.relay ?? (existsSync(resolve(ROOT, RELAY_ENTRY)) && canRunRelay(env)),
    relayToken: randomBytes(16).toString('hex'),
    metricsToken: randomBytes(16).toString('hex'),
    api: options.api,
    monitors: options.monitors,
    scrapeInterval: options.scrapeInterval,
    configs: options.configs,
    extraArgs: options.extraArgs,
  };
  let specs: ProcessSpec[];
  try {
    mkdirSync(join(dir, 'logs'));
    specs = serviceSpecs(plan);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }

  const started: ManagedProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Prometheus first, so it records no target going down; then the rest together.
      const prometheus = started.filter((p) => p.name === 'prometheus');
      for (const p of prometheus) await p.stop();
      await Promise.all(started.filter((p) => p.name !== 'prometheus').map((p) => p.stop()));
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const url = (name: string) => `http://${hostPort(plan, name as ServiceName)}`;

  // Everything Prometheus scrapes first, together; then Prometheus, so its first scrapes succeed.
  for (const batch of [
    specs.filter((s) => s.name !== 'prometheus'),
    specs.filter((s) => s.name === 'prometheus'),
  ]) {
    const results = await Promise.allSettled(batch.map((s) => startProcess(s, timeout)));
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await stop();
      throw failed.reason;
    }
    for (const s of batch) log(`${s.name} ready at ${url(s.name)}`);
  }

  const stoppedOnPurpose = new Set<ManagedProcess>();
  const watch = (p: ManagedProcess) =>
    void p.exited.then(() => {
      if (!stopping && !stoppedOnPurpose.has(p))
        log(`${p.name} exited unexpectedly: see ${join(dir, 'logs', `${p.name}.log`)}`);
    });
  for (const p of started) watch(p);
  const running = (name: ServiceName) => started.find((p) => p.name === name);
  return {
    dir,
    env: stackEnv(plan.env),
    urls: Object.fromEntries(started.map((p) => [p.name, url(p.name)])),
    leftOut: leftOut(plan),
    processes: () => started.map((p) => ({ name: p.name as ServiceName, pid: p.pid })),
    async stopService(name) {
      const p = running(name);
      if (!p) return;
      stoppedOnPurpose.add(p);
      await p.stop();
      started.splice(started.indexOf(p), 1);
    },
    async startService(name) {
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw new Error(`${name} is not part of this stack`);
      if (running(name) || stopping) return;
      const p = await startProcess(spec, timeout);
      started.push(p);
      watch(p);
    },
    stop,
  };
}
