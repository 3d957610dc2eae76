/**
 * The dead man's switch at work: the state (state.ts) fed by POST /alertmanager/watchdog, checked on
 * a timer, its notices handed to the intake like alerts (so they queue, spool and retry as alerts do,
 * and a notice the intake refuses now, while shutting down or with a full queue, is offered again at
 * the next check), its state saved (store.ts) and measured (metrics.ts).
 *
 * With RELAY_WATCHDOG_TIMEOUT=off the Watchdog is still recorded (gauge, health age), but the
 * pipeline is never called silent and nothing is sent.
 */
import type { Logger } from '../../../lib/logging/logger';
import type { Intake } from '../intake';
import { noticeAlert } from './message';
import type { WatchdogMetrics } from './metrics';
import { createWatchdogState, type WatchdogNotice } from './state';
import type { WatchdogStore } from './store';

export interface PipelineStatus {
  /** False with RELAY_WATCHDOG_TIMEOUT=off. */
  enabled: boolean;
  silent: boolean;
  ageSeconds: number;
}

export interface PipelineWatchdog {
  /** A Watchdog (a post with a firing alert) arrived now. */
  seen(): void;
  status(): PipelineStatus;
  /** Gives what notice is due to the intake; the timer calls it, tests may too. */
  check(): Promise<void>;
  start(): void;
  stop(): void;
}

export interface PipelineWatchdogOptions {
  /** RELAY_WATCHDOG_TIMEOUT in ms; null: off. */
  timeoutMs: number | null;
  /** The relay's APP_ENV, named in the notices when it is not production. */
  env: string;
  intake: Pick<Intake, 'accept'>;
  store: WatchdogStore;
  metrics: WatchdogMetrics;
  logger: Logger;
  now?: () => number;
  /** Default: a twentieth of the timeout, within 200 ms and 10 s. */
  checkEveryMs?: number;
}

export function createPipelineWatchdog(options: PipelineWatchdogOptions): PipelineWatchdog {
  const { timeoutMs, intake, store, metrics } = options;
  const log = options.logger.child({ logger: 'relay.watchdog' });
  const now = options.now ?? Date.now;
  const state = createWatchdogState({
    timeoutMs: timeoutMs ?? Number.POSITIVE_INFINITY,
    startedAt: now(),
    saved: store.saved,
  });
  const checkEveryMs = options.checkEveryMs ?? Math.min(10_000, Math.max(200, (timeoutMs ?? 0) / 20));
  let timer: NodeJS.Timeout | undefined;
  let checking: Promise<void> | undefined;

  const recordLastSeen = () => metrics.lastSeen.set(state.snapshot().lastSeenMs / 1000);
  recordLastSeen();

  const save = () =>
    store.save(state.snapshot()).catch((err: unknown) => {
      log.warning({ err }, 'Could not save the watchdog state; a restart may repeat a notice');
    });

  async function give(notice: WatchdogNotice): Promise<boolean> {
    const result = await intake.accept([noticeAlert(notice, options.env)]);
    if (!result.ok) {
      log.warning(
        { reason: result.reason, notice: notice.kind },
        'Watchdog notice not queued, retrying later',
      );
      return false;
    }
    state.given(notice);
    metrics.notifications.inc({ kind: notice.kind });
    const fields = { since: new Date(notice.sinceMs).toISOString(), age_seconds: ageSeconds(notice) };
    if (notice.kind === 'silent')
      log.error(fields, 'Alerting pipeline silent: no Watchdog from Prometheus and Alertmanager');
    else log.info(fields, 'Alerting pipeline back: Watchdog arrived again');
    await save();
    return true;
  }

  async function checkNow(): Promise<void> {
    if (timeoutMs === null) return;
    try {
      // A return and a new silence may both be owed (a notice refused, then time passed).
      for (let notice = state.due(now()); notice; notice = state.due(now()))
        if (!(await give(notice))) return;
    } catch (err) {
      log.error({ err }, 'Watchdog check failed');
    }
  }

  const check = () => {
    checking ??= checkNow().finally(() => {
      checking = undefined;
    });
    return checking;
  };

  return {
    seen() {
      state.seen(now());
      recordLastSeen();
      void save();
      // A return is news at once, not at the next tick.
      if (state.due(now())?.kind === 'recovered') void check();
    },
    status: () => ({
      enabled: timeoutMs !== null,
      silent: state.silent(now()),
      ageSeconds: Math.floor(state.ageMs(now()) / 1000),
    }),
    check,
    start() {
      if (timeoutMs === null || timer) return;
      timer = setInterval(() => void check(), checkEveryMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

const ageSeconds = (notice: WatchdogNotice) => Math.round((notice.atMs - notice.sinceMs) / 1000);
