/**
 * GET /feed.atom: the incidents as an Atom feed (RFC 4287), newest first, so volunteers can follow
 * outages in a feed reader. Entry ids are URNs built from the alert, the monitor and the start, so
 * an incident keeps its id while it goes on and when it ends (its `updated` changes).
 */
import { friendlyName, type RenderContext } from './context';
import { escapeXml } from './escape';
import { formatDuration, formatTime } from './format';
import { ALERT_TEXT } from './overall';

const iso = (at: number) => new Date(at * 1000).toISOString();

export function renderFeed(context: RenderContext): string {
  const { view, foundation, timeZone } = context;
  const incidents = view.snapshot?.incidents ?? [];
  const updated = Math.max(
    0,
    ...incidents.map((i) => i.endedAt ?? i.startedAt),
    view.snapshot?.collectedAt ?? 0,
  );
  const entries = incidents.map((incident) => {
    const name = friendlyName(context, incident.monitor);
    const what = ALERT_TEXT[incident.alertname] ?? incident.alertname;
    const end = incident.endedAt;
    const summary =
      end === null
        ? `Ongoing since ${formatTime(incident.startedAt, timeZone)} (${timeZone}).`
        : `From ${formatTime(incident.startedAt, timeZone)} to ${formatTime(end, timeZone)} (${timeZone}), ${formatDuration(end - incident.startedAt)}.`;
    const id = `urn:clicky-status:incident:${encodeURIComponent(incident.alertname)}:${encodeURIComponent(incident.monitor)}:${incident.startedAt}`;
    return [
      '  <entry>',
      `    <id>${escapeXml(id)}</id>`,
      `    <title>${escapeXml(`${name}: ${what}${end === null ? ' (ongoing)' : ''}`)}</title>`,
      `    <published>${iso(incident.startedAt)}</published>`,
      `    <updated>${iso(end ?? incident.startedAt)}</updated>`,
      `    <summary>${escapeXml(summary)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>urn:clicky-status:incidents</id>`,
    `  <title>${escapeXml(`${foundation} status: incidents`)}</title>`,
    `  <updated>${iso(updated)}</updated>`,
    `  <author><name>${escapeXml(foundation)}</name></author>`,
    '  <link rel="self" href="/feed.atom"/>',
    '  <link rel="alternate" type="text/html" href="/"/>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
