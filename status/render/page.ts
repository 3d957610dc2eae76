/**
 * The status page: server-rendered HTML that needs no JavaScript. Banner, per monitor its state,
 * 90 daily bars, response-time sparkline and certificate expiry, then the incidents; every time is
 * in the configured zone (Asia/Jakarta), named on the page, with the data's age. Every value from
 * the snapshot goes through escapeXml.
 */
import type { Incident, MonitorStatus } from '../model';
import { overallShare, renderBars } from './bars';
import { friendlyName, type RenderContext } from './context';
import { escapeXml as e } from './escape';
import { formatDuration, formatShare, formatTime } from './format';
import { ALERT_TEXT, daysUntil, OVERALL_TEXT, overallState, STATE_TEXT } from './overall';
import { renderSparkline } from './sparkline';
import { STYLE } from './style';

function tlsText(monitor: MonitorStatus, context: RenderContext): string {
  if (monitor.tlsExpiresAt === null) return 'TLS certificate: no data';
  const days = daysUntil(monitor.tlsExpiresAt, context.view.now);
  const date = formatTime(monitor.tlsExpiresAt, context.timeZone);
  if (days < 0) return `TLS certificate expired on ${date}`;
  return `TLS certificate expires in ${days} ${days === 1 ? 'day' : 'days'} (${date})`;
}

function renderMonitor(monitor: MonitorStatus, context: RenderContext): string {
  const id = `monitor-${monitor.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const share = overallShare(monitor.days);
  const days = monitor.days.length;
  return `<section class="monitor" aria-labelledby="${e(id)}">
<div class="monitor-head"><h2 id="${e(id)}">${e(monitor.friendlyName)}</h2><span class="state ${e(monitor.state)}">${e(STATE_TEXT[monitor.state])}</span></div>
${renderBars(monitor.days, `${monitor.friendlyName}: daily uptime, last ${days} days`)}
<p class="scale" aria-hidden="true"><span>${days} days ago</span><span>${share === null ? 'no data' : `${e(formatShare(share))} uptime`}</span><span>Today</span></p>
<div class="facts">${renderSparkline(monitor.responseTimes)}<span>${e(tlsText(monitor, context))}</span></div>
</section>`;
}

function renderIncident(incident: Incident, context: RenderContext): string {
  const { timeZone, view } = context;
  const name = friendlyName(context, incident.monitor);
  const what = ALERT_TEXT[incident.alertname] ?? incident.alertname;
  const start = formatTime(incident.startedAt, timeZone);
  const when =
    incident.endedAt === null
      ? `since ${start}, ongoing (${formatDuration(view.now - incident.startedAt)} so far)`
      : `${start} to ${formatTime(incident.endedAt, timeZone)}, ${formatDuration(incident.endedAt - incident.startedAt)}`;
  return `<li><strong>${e(name)}</strong>: ${e(what)} <span class="muted">(${e(incident.alertname)})</span><br>${e(when)}</li>`;
}

function dataAge(context: RenderContext): string {
  const { view, timeZone, staleAfterSeconds } = context;
  const { snapshot, now, failingSince } = view;
  if (!snapshot) return 'No data yet: the monitoring server has not answered since this page started.';
  const age = now - snapshot.collectedAt;
  const asOf = `Data as of ${formatTime(snapshot.collectedAt, timeZone)}`;
  if (failingSince === undefined && age <= staleAfterSeconds) return `${asOf}.`;
  return `${asOf}, ${formatDuration(age)} ago: the monitoring server is not answering, this is the last known state.`;
}

export function renderPage(context: RenderContext): string {
  const { foundation, timeZone, view } = context;
  const monitors = view.snapshot?.monitors ?? [];
  const overall = overallState(monitors);
  const incidents = view.snapshot?.incidents ?? [];
  const title = `${foundation} status`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${e(title)}</title>
<link rel="alternate" type="application/atom+xml" title="${e(`${foundation} incidents`)}" href="/feed.atom">
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(title)}</h1>
<p class="muted">Public status of the ${e(foundation)}'s services, from probes run every minute. All times are in the ${e(timeZone)} time zone.</p>
</header>
<main>
<div class="banner ${e(overall)}">${e(OVERALL_TEXT[overall])}<small>${e(dataAge(context))}</small></div>
${monitors.map((m) => renderMonitor(m, context)).join('\n')}
<section aria-labelledby="incidents"><h2 id="incidents">Incidents, last 90 days</h2>
${incidents.length === 0 ? '<p>No incidents in the last 90 days.</p>' : `<ol class="incidents">${incidents.map((i) => renderIncident(i, context)).join('')}</ol>`}
</section>
</main>
<footer><p class="muted">Page generated ${e(formatTime(view.now, timeZone))} (${e(timeZone)}). Also as <a href="/status.json">JSON</a> and an <a href="/feed.atom">Atom feed of incidents</a>.</p></footer>
</body>
</html>
`;
}
