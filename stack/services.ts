/**
 * What the local stack runs: one process spec per service, with its flags, environment, config
 * (written into the stack's directory) and readiness URL. Prometheus comes last: it scrapes the others.
 */
import { join, resolve } from 'node:path';
import { requiredFlags } from '../alerting/alertmanager/settings';
import { APP_ENVS, type AppEnv } from '../lib/logging/levels';
import type { UptimeMonitor } from '../uptime/monitors';
import type { Tool } from './binaries';
import { writeAlertmanagerDir, writeBlackboxDir, writePrometheusDir } from './configs';
import type { ProcessSpec } from './process';

export const ROOT = resolve(__dirname, '..');
export const RELAY_ENTRY = 'alerting/relay/main.ts';

export const SERVICES = [
  'exporter',
  'relay',
  'pushgateway',
  'blackbox',
  'alertmanager',
  'prometheus',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface StackPlan {
  dir: string;
  binaries: Record<Tool, string>;
  ports: Record<ServiceName | 'smtp', number>;
  /** Environment of the exporter and relay. */
  env: Record<string, string>;
  /** Environment of the binaries (PATH, HOME, ...). */
  baseEnv: Record<string, string>;
  relay: boolean;
  relayToken: string;
  /** The exporter's METRICS_TOKEN, which Prometheus presents. */
  metricsToken: string;
  api?: string;
  monitors?: readonly UptimeMonitor[];
  scrapeInterval?: string;
  configs?: StackConfigs;
  /** Flags appended to a service's command line. */
  extraArgs?: Partial<Record<ServiceName, string[]>>;
}

/** Config texts replacing the repository's (the chaos matrix runs scaled-down copies). */
export interface StackConfigs {
  /** Prometheus's rule file (YAML). */
  rules?: string;
  /** Alertmanager's config in the deployment's form, rewritten for 127.0.0.1 like the generated one. */
  alertmanager?: unknown;
}

export const hostPort = (plan: StackPlan, name: ServiceName) => `127.0.0.1:${plan.ports[name]}`;

/**
 * The stack's environment: the exporter's and relay's APP_ENV (development unless set) and the `env`
 * label Prometheus attaches to every target, so the dashboards' env variable offers it.
 */
export function stackEnv(env: Record<string, string>): AppEnv {
  const value = env.APP_ENV || 'development';
  if (!(APP_ENVS as readonly string[]).includes(value)) {
    throw new Error(`APP_ENV must be one of ${APP_ENVS.join(', ')}, not "${value}"`);
  }
  return value as AppEnv;
}

export function serviceSpecs(plan: StackPlan): ProcessSpec[] {
  const at = (name: ServiceName) => hostPort(plan, name);
  const appEnv = stackEnv(plan.env);
  const dir = (name: string) => join(plan.dir, name);
  const spec = (
    name: ServiceName,
    command: string,
    args: string[],
    readyPath: string,
    env = plan.baseEnv,
  ) => ({
    name,
    command,
    args: [...args, ...(plan.extraArgs?.[name] ?? [])],
    env,
    cwd: ROOT,
    logFile: join(plan.dir, 'logs', `${name}.log`),
    readyUrl: `http://${at(name)}${readyPath}`,
  });
  const node = (name: ServiceName, entry: string, extra: Record<string, string> = {}) =>
    spec(name, process.execPath, ['--import', 'tsx', entry], '/health', {
      ...plan.env,
      APP_ENV: appEnv,
      PORT: String(plan.ports[name]),
      // Stop at once: nobody probes a local stack's readiness.
      SHUTDOWN_DRAIN_MS: '0',
      ...extra,
    });

  const alertmanagerConfig = writeAlertmanagerDir(
    dir('alertmanager'),
    {
      relay: at('relay'),
      smtp: `127.0.0.1:${plan.ports.smtp}`,
      relayToken: plan.relayToken,
    },
    plan.configs?.alertmanager,
  );
  const prometheusConfig = writePrometheusDir(
    dir('prometheus'),
    {
      prometheus: at('prometheus'),
      alertmanager: at('alertmanager'),
      exporter: at('exporter'),
      relay: plan.relay ? at('relay') : undefined,
      api: plan.api,
      pushgateway: at('pushgateway'),
      blackbox: at('blackbox'),
    },
    appEnv,
    plan.metricsToken,
    { monitors: plan.monitors, scrapeInterval: plan.scrapeInterval },
    plan.configs?.rules,
  );

  return [
    node('exporter', 'exporter/src/main.ts', { METRICS_TOKEN: plan.metricsToken }),
    ...(plan.relay
      ? [
          node('relay', RELAY_ENTRY, {
            RELAY_PORT: String(plan.ports.relay),
            RELAY_WEBHOOK_TOKEN: plan.relayToken,
          }),
        ]
      : []),
    spec(
      'pushgateway',
      plan.binaries.pushgateway,
      [
        `--web.listen-address=${at('pushgateway')}`,
        // Debian's default is /var/lib/prometheus/pushgateway.data, shared by every stack on the machine:
        // one stack's pushed failures would fire in the next. Its own file survives its own restarts.
        `--persistence.file=${join(plan.dir, 'pushgateway.data')}`,
      ],
      '/-/ready',
    ),
    spec(
      'blackbox',
      plan.binaries.blackbox,
      [
        `--config.file=${writeBlackboxDir(dir('blackbox'), appEnv)}`,
        `--web.listen-address=${at('blackbox')}`,
      ],
      '/-/healthy',
    ),
    spec(
      'alertmanager',
      plan.binaries.alertmanager,
      [
        `--config.file=${alertmanagerConfig}`,
        `--storage.path=${join(dir('alertmanager'), 'data')}`,
        `--web.listen-address=${at('alertmanager')}`,
        // A single instance: no gossip port.
        '--cluster.listen-address=',
        ...requiredFlags,
      ],
      '/-/ready',
    ),
    spec(
      'prometheus',
      plan.binaries.prometheus,
      [
        `--config.file=${prometheusConfig}`,
        `--storage.tsdb.path=${join(dir('prometheus'), 'data')}`,
        `--web.listen-address=${at('prometheus')}`,
      ],
      '/-/ready',
    ),
  ];
}
