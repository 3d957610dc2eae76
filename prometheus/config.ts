/**
 * Prometheus's configuration as data: one scrape job per service, the blackbox probes generated from
 * uptime/monitors.ts, the rule file and Alertmanager, every target labelled with its environment
 * (`env`). `stack/generate-configs.ts` writes one file per deployed environment for the compose stack
 * (prometheus/prometheus.<env>.yml); the local stack renders it with its own targets and environment.
 */
import { jobs } from '../alerting/rules/metrics';
import { thresholds } from '../alerting/rules/thresholds';
import type { AppEnv } from '../lib/logging/levels';
import { monitorsFor, type UptimeMonitor } from '../uptime/monitors';
import type { Targets } from './targets';

/**
 * The environments docker-compose.monitoring.yml runs in (its APP_ENV): one generated file each,
 * prometheus/prometheus.<env>.yml. Development is the local stack's, rendered with local targets.
 */
export const deployedEnvs = ['staging', 'production'] as const satisfies readonly AppEnv[];

export type DeployedEnv = (typeof deployedEnvs)[number];

/**
 * The target label naming the environment, on every series of every job: the dashboards filter each
 * query by it (`env="$env"`, the variable from `label_values(up, env)`). A target label, not an external
 * label, because Prometheus's own queries and rules never see external labels.
 */
export const ENV_LABEL = 'env';

/** The blackbox_exporter module of the probes (prometheus/blackbox.yml). */
export const PROBE_MODULE = 'https_2xx';

/** Relative to the config file, /etc/prometheus/prometheus.yml: compose mounts the generated rules beside it. */
export const RULE_FILE = 'rules/clicky.rules.yml';
/** The SLOs' recording rules and burn-rate alerts (alerting/slo/), in the same mounted directory. */
export const SLO_RULE_FILE = 'rules/clicky.slo.rules.yml';

/** The exporter's METRICS_TOKEN, as a file beside the config file (written from .env at start). */
export const METRICS_TOKEN_FILE = 'secrets/metrics_token';

/**
 * Every job's scrape interval but the probes' (1m, below), and the rules' evaluation interval. The
 * long-term store's deduplication interval with the HA pair is this one (prometheus/ha-longterm.ts).
 */
export const SCRAPE_INTERVAL = '15s';

/** Jobs that are not in the alerting contract (alerting/rules/metrics.ts `jobs`). */
export const otherJobs = {
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  relay: 'clicky-relay',
  node: 'node',
  cadvisor: 'cadvisor',
  pushgateway: 'pushgateway',
  loki: 'loki',
  alloy: 'alloy',
} as const;

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}

interface Authorization {
  type: 'Bearer';
  credentials_file: string;
}

/** Removes the labels matching `regex` (the HA pair's `replica`, prometheus/ha.ts). */
export interface LabelDrop {
  action: 'labeldrop';
  regex: string;
}

interface RelabelConfig {
  source_labels?: string[];
  target_label: string;
  replacement?: string;
}

export interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  scrape_timeout?: string;
  metrics_path?: string;
  honor_labels?: boolean;
  authorization?: Authorization;
  params?: Record<string, string[]>;
  static_configs: StaticConfig[];
  relabel_configs?: RelabelConfig[];
}

export interface PrometheusConfig {
  global: {
    scrape_interval: string;
    scrape_timeout: string;
    evaluation_interval: string;
    /** Only the HA pair's (prometheus/ha.ts): `replica`. */
    external_labels?: Record<string, string>;
  };
  rule_files: string[];
  alerting: {
    /** Only the HA pair's (prometheus/ha.ts): drops `replica` so both replicas' alerts are one. */
    alert_relabel_configs?: LabelDrop[];
    alertmanagers: { static_configs: StaticConfig[] }[];
  };
  scrape_configs: ScrapeConfig[];
  /** Only the long-term variants' (prometheus/longterm.ts, prometheus/ha-longterm.ts). */
  remote_write?: {
    url: string;
    queue_config: Record<string, string | number>;
    write_relabel_configs?: LabelDrop[];
  }[];
}

export interface ConfigOptions {
  /** What the blackbox probes check; default: uptime/monitors.ts, with the environment's URLs. */
  monitors?: readonly UptimeMonitor[];
  /** Replaces every interval (the local stack's tests scrape every second). */
  scrapeInterval?: string;
}

const plainJob = (job_name: string, target: string | undefined, extra: Partial<ScrapeConfig> = {}) =>
  target === undefined ? [] : [{ job_name, ...extra, static_configs: [{ targets: [target] }] }];

/**
 * Adds `env` to every target of a job. With `honor_labels` (Pushgateway) a series pushed with its own
 * `env` keeps it; one pushed without gets this one (Prometheus adds the target labels a series lacks).
 */
const labelledWith = (env: AppEnv, job: ScrapeConfig): ScrapeConfig => ({
  ...job,
  static_configs: job.static_configs.map((c) => ({ ...c, labels: { ...c.labels, [ENV_LABEL]: env } })),
});

/**
 * One probe target per monitor, labelled `monitor`; relabelling makes the URL the `instance` and sends
 * the scrape to blackbox_exporter. Every minute, not the spec's 5 (UptimeRobot's): see prometheus/README.md.
 */
function probeJob(blackbox: string, monitors: readonly UptimeMonitor[]): ScrapeConfig {
  return {
    job_name: jobs.blackbox,
    scrape_interval: thresholds.probes.interval,
    // The module's own timeout (10s) must fit inside it.
    scrape_timeout: '15s',
    metrics_path: '/probe',
    params: { module: [PROBE_MODULE] },
    static_configs: monitors.map((m) => ({ targets: [m.url], labels: { monitor: m.name } })),
    relabel_configs: [
      { source_labels: ['__address__'], target_label: '__param_target' },
      { source_labels: ['__param_target'], target_label: 'instance' },
      { target_label: '__address__', replacement: blackbox },
    ],
  };
}

export function prometheusConfig(
  targets: Targets,
  env: AppEnv,
  options: ConfigOptions = {},
): PrometheusConfig {
  const scrapeConfigs: ScrapeConfig[] = [
    ...plainJob(otherJobs.prometheus, targets.prometheus),
    ...plainJob(otherJobs.alertmanager, targets.alertmanager),
    // /metrics (and the business figures of /metrics/summary) answer only with the exporter's METRICS_TOKEN.
    ...plainJob(jobs.exporter, targets.exporter, {
      authorization: { type: 'Bearer', credentials_file: METRICS_TOKEN_FILE },
    }),
    ...plainJob(otherJobs.relay, targets.relay),
    ...plainJob(jobs.api, targets.api),
    ...plainJob(otherJobs.node, targets.nodeExporter),
    ...plainJob(otherJobs.cadvisor, targets.cadvisor),
    // Pushed series keep their own `job` (backup, deploy), `instance` and, when pushed with one, `env`.
    ...plainJob(otherJobs.pushgateway, targets.pushgateway, { honor_labels: true }),
    // Each environment probes its own URLs (uptime/monitors.ts): staging never probes production.
    probeJob(targets.blackbox, options.monitors ?? monitorsFor(env)),
    ...plainJob(otherJobs.loki, targets.loki),
    ...plainJob(otherJobs.alloy, targets.alloy),
  ].map((job) => labelledWith(env, job));
  const interval = options.scrapeInterval;
  return {
    global: interval
      ? { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval }
      : { scrape_interval: SCRAPE_INTERVAL, scrape_timeout: '10s', evaluation_interval: SCRAPE_INTERVAL },
    rule_files: [RULE_FILE, SLO_RULE_FILE],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [targets.alertmanager] }] }] },
    scrape_configs: interval
      ? scrapeConfigs.map(({ scrape_interval: _, scrape_timeout: __, ...job }) => job)
      : scrapeConfigs,
  };
}
