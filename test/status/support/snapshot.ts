/** Snapshots and views for the renderer, cache and server tests. */
import type { View } from '../../../status/cache';
import type { DayUptime, MonitorStatus, Snapshot } from '../../../status/model';
import type { RenderContext } from '../../../status/render/context';

/** 6 Dec 2026 12:00 UTC = 19:00 in Asia/Jakarta. */
export const NOW = Date.UTC(2026, 11, 6, 12, 0, 0) / 1000;

export function days(shares: (number | null)[]): DayUptime[] {
  return shares.map((share, i) => ({ date: `2026-12-${String(i + 1).padStart(2, '0')}`, share }));
}

export function monitor(overrides: Partial<MonitorStatus> = {}): MonitorStatus {
  return {
    name: 'api-health',
    friendlyName: 'API Health',
    url: 'https://api.example/health',
    state: 'up',
    days: days([1, 0.995, null]),
    responseTimes: [
      { at: NOW - 1800, seconds: 0.12 },
      { at: NOW - 900, seconds: 0.3 },
      { at: NOW, seconds: 0.2 },
    ],
    tlsExpiresAt: NOW + 30 * 86_400 + 60,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return { collectedAt: NOW - 30, monitors: [monitor()], incidents: [], ...overrides };
}

export function context(view: Partial<View> = {}): RenderContext {
  return {
    foundation: 'Clicky Foundation',
    timeZone: 'Asia/Jakarta',
    staleAfterSeconds: 130,
    view: { snapshot: snapshot(), now: NOW, failingSince: undefined, ...view },
  };
}
