/**
 * The metric contract with the exporter, blackbox_exporter, node_exporter and the `report-job` command.
 * Rules name metrics, jobs and monitors only through these constants. The API's own series are the
 * metrics contract of contracts/metrics.ts, re-exported here.
 */
import { monitors } from '../../uptime/monitors';

/** RED metrics of the API and of any instrumented service (labels: method, route, status). */
export { http } from '../../contracts/metrics';

/** Scrape job names; `backup` and `deploy` are pushed to Pushgateway and scraped with honor_labels. */
export const jobs = {
  api: 'clicky-api',
  exporter: 'clicky-exporter',
  blackbox: 'blackbox-http',
  backup: 'backup',
  deploy: 'deploy',
  // The watchers, watched by the meta-monitoring rules (rules/meta/).
  prometheus: 'prometheus',
  alertmanager: 'alertmanager',
  relay: 'clicky-relay',
  pushgateway: 'pushgateway',
} as const;

/** Exporter dependency checks, label `service`. */
export const dependency = {
  up: 'clicky_dependency_up',
  latency: 'clicky_dependency_latency_seconds',
} as const;

export const dependencies = { db: 'db', redis: 'redis', minio: 'minio' } as const;

export const wpSync = {
  consecutiveFailures: 'clicky_wp_sync_consecutive_failures',
  lastSuccess: 'clicky_wp_sync_last_success_timestamp_seconds',
} as const;

/** Batch job results, label `job`; exit code 0 = success. */
export const batchJob = {
  lastRun: 'clicky_job_last_run_timestamp_seconds',
  lastSuccess: 'clicky_job_last_success_timestamp_seconds',
  /** Labelled `run` (when the run ended, ISO 8601): each run's result is a series, and an alert, of its own. */
  lastExitCode: 'clicky_job_last_exit_code',
  duration: 'clicky_job_duration_seconds',
  runLabel: 'run',
} as const;

/** blackbox_exporter, labels `monitor` and `instance` (the URL). */
export const probe = {
  success: 'probe_success',
  duration: 'probe_duration_seconds',
  sslExpiry: 'probe_ssl_last_chain_expiry_timestamp_seconds',
  httpStatus: 'probe_http_status_code',
} as const;

/** The uptime monitors of spec section 5, declared once in uptime/monitors.ts. */
export { monitors };

export type Monitor = (typeof monitors)[keyof typeof monitors];

/** node_exporter; pseudo file systems never fill the disk. */
export const filesystem = {
  avail: 'node_filesystem_avail_bytes',
  size: 'node_filesystem_size_bytes',
  ignoredFsTypes: 'tmpfs|overlay|squashfs',
} as const;

export const scrapeUp = 'up';

/** Prometheus's own metrics (job `prometheus`), as Prometheus 2.42 serves them. */
export const prometheusSelf = {
  /** label rule_group */
  ruleEvaluationFailures: 'prometheus_rule_evaluation_failures_total',
  alertmanagersDiscovered: 'prometheus_notifications_alertmanagers_discovered',
  /** label alertmanager (its URL) */
  notificationErrors: 'prometheus_notifications_errors_total',
  notificationsSent: 'prometheus_notifications_sent_total',
  configReloadSuccessful: 'prometheus_config_last_reload_successful',
} as const;

/** Alertmanager's own metrics (job `alertmanager`), as Alertmanager 0.25 serves them. */
export const alertmanagerSelf = {
  /** label integration (webhook, email, ...); newer versions add `reason` */
  notificationsFailed: 'alertmanager_notifications_failed_total',
  notifications: 'alertmanager_notifications_total',
  configReloadSuccessful: 'alertmanager_config_last_reload_successful',
} as const;

/** The Telegram relay's own metrics (job `clicky-relay`; alerting/relay/metrics.ts). */
export const relaySelf = {
  /** label code: Telegram's HTTP status, timeout or network */
  telegramErrors: 'relay_telegram_errors_total',
  /** label status: alerts in valid webhook posts */
  received: 'relay_alerts_received_total',
  /** label status: alerts in messages Telegram accepted */
  delivered: 'relay_alerts_delivered_total',
  /** label status: repeats within their cooldown, not sent */
  deduplicated: 'relay_alerts_deduplicated_total',
  dropped: 'relay_alerts_dropped_total',
  queueDepth: 'relay_queue_depth',
} as const;

/** Loki shipping of every service that logs through lib/logging (with LOKI_URL). */
export const logShipping = {
  shipped: 'clicky_log_lines_shipped_total',
  dropped: 'clicky_log_lines_dropped_total',
  pushFailures: 'clicky_log_push_failures_total',
} as const;
