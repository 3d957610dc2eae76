/**
 * The local stack's configuration, written into its temporary directory: this repository's files,
 * pointed at 127.0.0.1. Prometheus gets the mounted layout (prometheus.yml beside rules/); Alertmanager
 * gets local secret files, the local relay, and an SMTP server that does not exist, so a local stack
 * never mails anyone.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { relayWebhookUrl, secretFiles } from '../alerting/alertmanager/settings';
import {
  ALERTMANAGER_FILE,
  RULE_FILE as GENERATED_RULE_FILE,
  SLO_RULE_FILE as GENERATED_SLO_RULE_FILE,
} from '../alerting/generate-rules';
import type { AppEnv } from '../lib/logging/levels';
import {
  type ConfigOptions,
  METRICS_TOKEN_FILE,
  prometheusConfig,
  RULE_FILE,
  SLO_RULE_FILE,
} from '../prometheus/config';
import type { Targets } from '../prometheus/targets';
import { toYaml } from './generate-configs';

const root = resolve(__dirname, '..');
export const BLACKBOX_FILE = resolve(root, 'prometheus/blackbox.yml');

/**
 * prometheus.yml (every target labelled `env`), its rule files and the exporter's token file, laid out as
 * docker-compose.monitoring.yml mounts them. Returns the config path.
 */
export function writePrometheusDir(
  dir: string,
  targets: Targets,
  env: AppEnv,
  metricsToken: string,
  options: ConfigOptions = {},
  /** The rule file's text; default: the generated alerting/rules/generated/clicky.rules.yml. */
  rules?: string,
): string {
  mkdirSync(dirname(join(dir, RULE_FILE)), { recursive: true });
  if (rules === undefined) copyFileSync(GENERATED_RULE_FILE, join(dir, RULE_FILE));
  else writeFileSync(join(dir, RULE_FILE), rules);
  copyFileSync(GENERATED_SLO_RULE_FILE, join(dir, SLO_RULE_FILE));
  mkdirSync(dirname(join(dir, METRICS_TOKEN_FILE)), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, METRICS_TOKEN_FILE), metricsToken, { mode: 0o600 });
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, toYaml(prometheusConfig(targets, env, options)));
  return file;
}

/** The SMTP password of the local Alertmanager (the chaos matrix's mail sink expects it). */
export const LOCAL_SMTP_PASSWORD = 'local';

export interface AlertmanagerLocal {
  /** Where the relay listens (nothing may listen there when the relay does not run yet). */
  relay: string;
  /** host:port of the SMTP server: by default one where nothing listens. */
  smtp: string;
  relayToken: string;
}

/**
 * alertmanager.yml with the deployment's paths and hosts replaced by local ones. Returns the config path.
 * `source`: a config in the deployment's form (the chaos matrix's scaled one); default: the generated file.
 */
export function writeAlertmanagerDir(dir: string, local: AlertmanagerLocal, source?: unknown): string {
  const secrets = join(dir, 'secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const files = { relayToken: join(secrets, 'relay_token'), smtpPassword: join(secrets, 'smtp_password') };
  writeFileSync(files.relayToken, local.relayToken, { mode: 0o600 });
  writeFileSync(files.smtpPassword, LOCAL_SMTP_PASSWORD, { mode: 0o600 });
  // Every relay endpoint (the webhook, the Watchdog's heartbeat) moves to the local relay, path kept.
  const relayOrigin = new URL(relayWebhookUrl).origin;
  const localRelay = (url: string): string | undefined =>
    url.startsWith(`${relayOrigin}/`) ? `http://${local.relay}${new URL(url).pathname}` : undefined;
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(replace);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => [key, key === 'smtp_smarthost' ? local.smtp : replace(v)]),
      );
    }
    if (value === secretFiles.relayToken) return files.relayToken;
    if (value === secretFiles.smtpPassword) return files.smtpPassword;
    if (typeof value === 'string') return localRelay(value) ?? value;
    return value;
  };
  const config = replace(source ?? parse(readFileSync(ALERTMANAGER_FILE, 'utf8')));
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(file, toYaml(config));
  return file;
}

/**
 * prometheus/blackbox.yml, as deployed; in development the probes' targets are local services on plain
 * http (uptime/monitors.ts), so there the module does not insist on TLS.
 */
export function writeBlackboxDir(dir: string, env: AppEnv = 'production'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'blackbox.yml');
  if (env !== 'development') {
    copyFileSync(BLACKBOX_FILE, file);
    return file;
  }
  const config = parse(readFileSync(BLACKBOX_FILE, 'utf8')) as {
    modules: Record<string, { http?: { fail_if_not_ssl?: boolean } }>;
  };
  for (const module of Object.values(config.modules)) if (module.http) module.http.fail_if_not_ssl = false;
  writeFileSync(file, toYaml(config));
  return file;
}
