/**
 * The summary service's configuration: the only reader of process.env (and of SMTP_PASSWORD_FILE)
 * here, validated at start. The README's configuration table lists the variables.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, type Env, envVar, loadEnv } from '../../lib/config/env';
import { checkLogLevel, loggingConfig, loggingEnvFields } from '../../lib/config/logging-env';
import type { AppEnv, LevelName } from '../../lib/logging/levels';
import { WINDOW_SECONDS } from './build-summary';
import { SMTP_SECURITY, type SmtpSettings } from './mailer';
import { isValidCron } from './schedule';

// Prometheus answers at most 11,000 points per series.
const MIN_STEP_SECONDS = Math.ceil(WINDOW_SECONDS / 11_000);
const ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+$/;

const schema = (dryRun: boolean) =>
  z
    .object({
      ...loggingEnvFields,
      PROMETHEUS_URL: envVar.url(['http', 'https']).default('http://prometheus:9090'),
      PROMETHEUS_TIMEOUT_MS: envVar.milliseconds(30_000, { min: 100, max: 300_000 }),
      /** Grafana's base URL: each alert line links to its rule's panel (optional: no link without it). */
      GRAFANA_URL: envVar.url(['http', 'https']),
      SUMMARY_PORT: envVar.port(9472),
      SUMMARY_CRON: z
        .string()
        .refine(isValidCron, 'must be a cron pattern such as "0 8 * * *"')
        .default('0 8 * * *'),
      SUMMARY_TIME_ZONE: envVar.timeZone('Asia/Jakarta'),
      SUMMARY_STEP_SECONDS: envVar.count(15, { min: MIN_STEP_SECONDS, max: 3600 }).refine(
        // Out-of-range values already have their message.
        (step) => step < MIN_STEP_SECONDS || step > 3600 || WINDOW_SECONDS % step === 0,
        'must divide a day evenly (e.g. 10, 15, 30, 60)',
      ),
      SUMMARY_RETRIES: envVar.count(3, { min: 0, max: 10 }),
      SUMMARY_RETRY_DELAY_MS: envVar.milliseconds(60_000, { min: 1, max: 3_600_000 }),
      SUMMARY_TO: envVar
        .list([])
        .refine(
          (list) => list.every((a) => a === '' || ADDRESS.test(a)),
          'must be email addresses, comma-separated',
        ),
      SMTP_FROM: z
        .string()
        .refine((from) => from.includes('@'), 'must be an email address, optionally "Name <address>"')
        .optional(),
      SMTP_HOST: z.string().optional(),
      SMTP_PORT: envVar.port(587),
      SMTP_SECURE: envVar.oneOf(SMTP_SECURITY, 'starttls'),
      SMTP_USER: z.string().optional(),
      SMTP_PASSWORD: z.string().optional(),
      SMTP_PASSWORD_FILE: z.string().optional(),
      SMTP_TIMEOUT_MS: envVar.milliseconds(30_000, { min: 100, max: 300_000 }),
    })
    .superRefine((env, ctx) => {
      const problem = (variable: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [variable], message });
      checkLogLevel(env, ctx);
      if (env.SMTP_PASSWORD && env.SMTP_PASSWORD_FILE)
        problem('SMTP_PASSWORD_FILE', 'set SMTP_PASSWORD or SMTP_PASSWORD_FILE, not both');
      if (env.SMTP_USER && !env.SMTP_PASSWORD && !env.SMTP_PASSWORD_FILE)
        problem('SMTP_PASSWORD', 'is required when SMTP_USER is set (or SMTP_PASSWORD_FILE)');
      if (!env.SMTP_USER && (env.SMTP_PASSWORD || env.SMTP_PASSWORD_FILE))
        problem('SMTP_USER', 'is required with a password');
      if (dryRun) return;
      if (!env.SMTP_HOST) problem('SMTP_HOST', 'is required');
      if (!env.SMTP_FROM) problem('SMTP_FROM', 'is required');
      if (env.SUMMARY_TO.length === 0) problem('SUMMARY_TO', 'is required');
    });

export interface SummaryConfig {
  env: AppEnv;
  logLevel: LevelName;
  lokiUrl?: string;
  /** GRAFANA_URL, for the "📊 dashboard" links; undefined: no link. */
  grafanaUrl?: string;
  prometheus: { url: string; timeoutMs: number };
  /** Port of the scheduler's status endpoint (./status-server.ts); unused with --now and --dry-run. */
  port: number;
  /** When to send (croner pattern) and the zone it and the email's times are read in. */
  cron: string;
  timeZone: string;
  /** Seconds between points of the ALERTS query; at most the rule evaluation interval. */
  stepSeconds: number;
  /** Retries of the Prometheus query and of the send, `retryDelayMs` doubled each time. */
  retries: number;
  retryDelayMs: number;
  /** Absent when loaded for a dry run without SMTP settings. */
  mail?: { from: string; to: string[]; smtp: SmtpSettings };
}

/** With `dryRun`, the mail settings are optional (nothing is sent). */
export function loadSummaryConfig(env: Env = process.env, { dryRun = false } = {}): SummaryConfig {
  const e = loadEnv(schema(dryRun), env);
  const config: SummaryConfig = {
    ...loggingConfig(e),
    prometheus: { url: e.PROMETHEUS_URL, timeoutMs: e.PROMETHEUS_TIMEOUT_MS },
    grafanaUrl: e.GRAFANA_URL,
    port: e.SUMMARY_PORT,
    cron: e.SUMMARY_CRON,
    timeZone: e.SUMMARY_TIME_ZONE,
    stepSeconds: e.SUMMARY_STEP_SECONDS,
    retries: e.SUMMARY_RETRIES,
    retryDelayMs: e.SUMMARY_RETRY_DELAY_MS,
  };
  if (!e.SMTP_HOST || !e.SMTP_FROM || e.SUMMARY_TO.length === 0) return config;
  const smtp: SmtpSettings = {
    host: e.SMTP_HOST,
    port: e.SMTP_PORT,
    security: e.SMTP_SECURE as SmtpSettings['security'],
    user: e.SMTP_USER,
    password: e.SMTP_PASSWORD ?? (e.SMTP_PASSWORD_FILE ? readPassword(e.SMTP_PASSWORD_FILE) : undefined),
    timeoutMs: e.SMTP_TIMEOUT_MS,
  };
  return { ...config, mail: { from: e.SMTP_FROM, to: e.SUMMARY_TO, smtp } };
}

/** A secrets file (Docker secret); one trailing newline is not part of the password. */
function readPassword(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch {
    throw new ConfigError([{ variable: 'SMTP_PASSWORD_FILE', reason: 'cannot read the file' }]);
  }
}

/** The variables the summary reads, for --help. */
export { schema as summaryEnvSchema };
