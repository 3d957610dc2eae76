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
  lastExitCode: 'clicky_job_last_exit_code',
  duration: 'clicky_job_duration_seconds',
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
