/** GET /status.json: the snapshot in the documented shape (StatusJson in ../model.ts). */
import type { StatusJson } from '../model';
import { overallShare } from './bars';
import { friendlyName, type RenderContext } from './context';
import { daysUntil, overallState } from './overall';

const iso = (at: number) => new Date(at * 1000).toISOString();

export function statusJson(context: RenderContext): StatusJson {
  const { view, foundation, timeZone } = context;
  const { snapshot, now } = view;
  const monitors = snapshot?.monitors ?? [];
  return {
    foundation,
    timeZone,
    generatedAt: iso(now),
    dataAsOf: snapshot ? iso(snapshot.collectedAt) : null,
    dataAgeSeconds: snapshot ? Math.max(0, Math.round(now - snapshot.collectedAt)) : null,
    stale: view.failingSince !== undefined,
    overall: overallState(monitors),
    monitors: monitors.map((m) => ({
      name: m.name,
      friendlyName: m.friendlyName,
      url: m.url,
      state: m.state,
      uptime90d: overallShare(m.days),
      days: m.days.map((d) => ({ date: d.date, uptime: d.share })),
      responseTimesMs: m.responseTimes.map((p) => ({ at: iso(p.at), ms: Math.round(p.seconds * 1000) })),
      tlsExpiresAt: m.tlsExpiresAt === null ? null : iso(m.tlsExpiresAt),
      tlsDaysLeft: m.tlsExpiresAt === null ? null : daysUntil(m.tlsExpiresAt, now),
    })),
    incidents: (snapshot?.incidents ?? []).map((i) => ({
      alertname: i.alertname,
      monitor: i.monitor,
      friendlyName: friendlyName(context, i.monitor),
      startedAt: iso(i.startedAt),
      endedAt: i.endedAt === null ? null : iso(i.endedAt),
      durationSeconds: Math.round((i.endedAt ?? now) - i.startedAt),
      ongoing: i.endedAt === null,
    })),
  };
}
