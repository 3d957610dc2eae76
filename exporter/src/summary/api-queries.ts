/**
 * What the admin System section says about the API, as PromQL, written once for the Grafana
 * dashboard (dashboards/admin-overview.ts, env "$env") and /metrics/summary (api-status.ts, the
 * exporter's APP_ENV) alike:
 *
 * - scrapeUp: the API's own scrape (`up{job="clicky-api"}`), 1 when any instance answers;
 * - probeSuccess: the blackbox probe of its `/health/ready` (uptime monitor `api-ready`);
 * - errors24h: its 5xx over the last 24 h from the metrics contract's `http_requests_total`; 0 when
 *   the API serves the series but never answered 5xx, nothing (unknown) when it serves none.
 */
import { http, jobs, monitors, probe, scrapeUp } from '../../../alerting/rules/metrics';
import { regex, selector } from '../../../alerting/rules/promql';

export interface ApiQueries {
  scrapeUp: string;
  probeSuccess: string;
  errors24h: string;
}

/** `env`: the environment's name, or a dashboard variable such as `$env`. */
export function apiQueries(env: string): ApiQueries {
  const api = { job: jobs.api, env };
  const requests = selector(http.requests, api);
  const errors = selector(http.requests, { ...api, status: regex('5..') });
  return {
    scrapeUp: `max(${selector(scrapeUp, api)})`,
    probeSuccess: `max(${selector(probe.success, { monitor: monitors.apiReady.name, env })})`,
    errors24h: `sum(increase(${errors}[24h])) or sum(0 * ${requests})`,
  };
}
