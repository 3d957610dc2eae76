/**
 * The "📊 dashboard" link of an alert: the Grafana panel that explains it (the rule's `dashboard_uid` and
 * `dashboard_panel_id` annotations, alerting/rules/render.ts), in the alert's environment, over the hour
 * before it started until now, or until it ended. One builder for the relay's and the summary's messages.
 */

/** How far before the alert started the panel begins: enough to see what led up to it. */
export const LEAD_MS = 60 * 60 * 1000;

export interface LinkedAlert {
  labels: Record<string, string | undefined>;
  annotations: Record<string, string | undefined>;
  startsAt: string;
  /** Alertmanager sends "0001-01-01T00:00:00Z" while an alert fires. */
  endsAt?: string;
  status?: 'firing' | 'resolved';
}

const time = (iso: string | undefined): number | undefined => {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
};

/**
 * The panel's URL, or undefined without a Grafana URL (GRAFANA_URL is optional), without the
 * annotations, or with a start time that does not parse: no link rather than a wrong one.
 */
export function dashboardUrl(grafanaUrl: string | undefined, alert: LinkedAlert): string | undefined {
  const uid = alert.annotations.dashboard_uid;
  const panel = alert.annotations.dashboard_panel_id;
  const start = time(alert.startsAt);
  if (!grafanaUrl || !uid || !panel || !/^\d+$/.test(panel) || start === undefined) return undefined;
  const end = alert.status === 'resolved' ? time(alert.endsAt) : undefined;
  const query = new URLSearchParams({ viewPanel: panel });
  if (alert.labels.env) query.set('var-env', alert.labels.env);
  query.set('from', String(start - LEAD_MS));
  query.set('to', end === undefined ? 'now' : String(end));
  return `${grafanaUrl.replace(/\/+$/, '')}/d/${encodeURIComponent(uid)}?${query.toString()}`;
}
