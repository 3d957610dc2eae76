/**
 * The labels each series carries, beyond the target labels every scraped series gets (`job`,
 * `instance`, `env`): what a runbook query may select or group on. From the exporters' own exposition:
 * the exporter and lib/ (README's metrics table), the relay (alerting/relay/metrics.ts), report-job
 * (alerting/jobs/job-metrics.ts), blackbox_exporter's probes (`monitor` from prometheus/config.ts),
 * node_exporter, and Prometheus 2.42 / Alertmanager 0.25 as the Debian binaries serve them.
 */
export const TARGET_LABELS = ['job', 'instance', 'env'] as const;

const red = ['method', 'route', 'status'];

export const seriesLabels: Record<string, readonly string[]> = {
  up: [],
  http_requests_total: red,
  http_request_duration_seconds_bucket: [...red, 'le'],
  http_requests_in_flight: [],
  clicky_dependency_up: ['service'],
  clicky_dependency_latency_seconds: ['service'],
  clicky_log_lines_dropped_total: [],
  clicky_log_push_failures_total: [],
  clicky_log_lines_shipped_total: [],
  clicky_job_last_exit_code: ['run'],
  clicky_job_last_run_timestamp_seconds: [],
  clicky_job_last_success_timestamp_seconds: [],
  clicky_wp_sync_consecutive_failures: [],
  clicky_wp_sync_last_success_timestamp_seconds: [],
  probe_success: ['monitor'],
  probe_http_status_code: ['monitor'],
  probe_ssl_last_chain_expiry_timestamp_seconds: ['monitor'],
  node_filesystem_avail_bytes: ['device', 'fstype', 'mountpoint'],
  node_filesystem_size_bytes: ['device', 'fstype', 'mountpoint'],
  relay_telegram_errors_total: ['code'],
  relay_alerts_delivered_total: ['status'],
  relay_alerts_dropped_total: [],
  relay_queue_depth: [],
  relay_watchdog_last_seen_timestamp_seconds: [],
  prometheus_rule_evaluation_failures_total: ['rule_group'],
  prometheus_notifications_alertmanagers_discovered: [],
  prometheus_notifications_errors_total: ['alertmanager'],
  prometheus_notifications_sent_total: ['alertmanager'],
  prometheus_config_last_reload_successful: [],
  alertmanager_notifications_failed_total: ['integration'],
  alertmanager_notifications_total: ['integration'],
  alertmanager_config_last_reload_successful: [],
  // The SLOs' recorded series (alerting/slo/rules.ts): per environment, labelled with their SLO.
  'slo:sli_error:ratio_rate5m': ['slo', 'service'],
  'slo:sli_error:ratio_rate1h': ['slo', 'service'],
  'slo:period_error_budget_remaining:ratio': ['slo', 'service'],
};

/** Loki's stream labels (lib/logging/loki, alloy/config.alloy): nothing else is a stream label. */
export const STREAM_LABELS = ['app', 'env', 'level'] as const;

/** `level` as both paths write it: lower case, `unknown` for what is not one of the five. */
export const STREAM_LEVELS = ['debug', 'info', 'warning', 'error', 'critical', 'unknown'] as const;
