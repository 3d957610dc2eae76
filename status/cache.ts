/**
 * The page's cache: Prometheus is read in the background every interval, never for a request, and
 * every answer is rendered once per refresh into bytes the server sends as they are. A traffic spike
 * therefore never reaches Prometheus, and Prometheus slow, down or hung only makes the data older:
 * a failed refresh renders the last known snapshot again, with its age and the failure's start.
 */
import type { Logger } from '../lib/logging/logger';
import type { Snapshot } from './model';

export interface View {
  /** The last snapshot Prometheus gave; undefined before its first answer. */
  snapshot: Snapshot | undefined;
  /** Seconds since the epoch, at rendering. */
  now: number;
  /** When refreshes started failing (seconds); undefined while they succeed. */
  failingSince: number | undefined;
}

export interface StatusCacheOptions<R> {
  /** Reads Prometheus; bounded by its own timeout. */
  collect(now: number): Promise<Snapshot>;
  render(view: View): R;
  intervalMs: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
  logger: Logger;
}

export interface StatusCache<R> {
  /** What the last refresh rendered. */
  current(): R;
  view(): View;
  /** When the last refresh finished, ms since the epoch (its result either way). */
  lastRefreshAt(): number | undefined;
  /** One refresh now (the loop calls it; tests too). Never rejects. */
  refresh(): Promise<void>;
  /** Refreshes now and every interval after the previous one finished. */
  start(): void;
  stop(): void;
}

export function createStatusCache<R>(options: StatusCacheOptions<R>): StatusCache<R> {
  const clock = options.clock ?? Date.now;
  const seconds = () => clock() / 1000;
  let snapshot: Snapshot | undefined;
  let failingSince: number | undefined;
  let refreshedAt: number | undefined;
  let view: View = { snapshot, now: seconds(), failingSince };
  let rendered = options.render(view);
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  async function refresh(): Promise<void> {
    const now = seconds();
    try {
      snapshot = await options.collect(now);
      if (failingSince !== undefined)
        options.logger.info(
          { failing_since: new Date(failingSince * 1000).toISOString() },
          'Prometheus answers again',
        );
      failingSince = undefined;
    } catch (err) {
      if (failingSince === undefined)
        options.logger.warning({ err }, 'Cannot read Prometheus; serving the last known state');
      failingSince ??= now;
    }
    refreshedAt = clock();
    view = { snapshot, now: seconds(), failingSince };
    try {
      rendered = options.render(view);
    } catch (err) {
      // A renderer bug keeps the previous pages rather than taking the service down.
      options.logger.error({ err }, 'Cannot render the status page');
    }
  }

  function loop(): void {
    if (!running) return;
    void refresh().then(() => {
      if (running) timer = setTimeout(loop, options.intervalMs);
    });
  }

  return {
    current: () => rendered,
    view: () => view,
    lastRefreshAt: () => refreshedAt,
    refresh,
    start() {
      if (running) return;
      running = true;
      loop();
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
  };
}
