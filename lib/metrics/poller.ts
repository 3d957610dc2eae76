/**
 * Keeps the latest reading of a slow source (a database query, a Redis INFO) in memory, refreshed in
 * the background, so a metric's collect() reads it synchronously: any number of scrapes cost the
 * source nothing, and a source that hangs or fails can never slow down or fail a scrape.
 */

export interface PollerOptions<T> {
  /** Reads the source once. Should give up its resources when `signal` aborts (at the deadline or stop()). */
  load(signal: AbortSignal): Promise<T>;
  /** Pause between the end of one refresh and the start of the next, in ms. Default 15000. */
  intervalMs?: number;
  /** Deadline of one load, in ms; a load still running then is abandoned and counts as failed. Default 2000. */
  timeoutMs?: number;
  /**
   * After this many consecutive failed refreshes the last reading is forgotten, so its series
   * disappear instead of repeating stale figures as if they were current. Default 3.
   */
  expireAfterFailures?: number;
  /** Told about every failed refresh (to count or log it); `consecutive` is 1 on the first one. */
  onError?(err: unknown, consecutive: number): void;
}

export interface Poller<T> {
  /** The latest reading, or undefined before the first success and once expired. Never waits. */
  current(): T | undefined;
  /** Reads the source now, or joins the refresh in flight. Resolves true on success; never rejects. */
  refresh(): Promise<boolean>;
  /** Refreshes at once, then every intervalMs, until stop(). Its timer does not keep the process alive. */
  start(): void;
  /** Stops refreshing, aborts the load in flight and waits for it to settle. */
  stop(): Promise<void>;
}

export function createPoller<T>(options: PollerOptions<T>): Poller<T> {
  const intervalMs = options.intervalMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const expireAfter = options.expireAfterFailures ?? 3;
  let value: T | undefined;
  let failures = 0;
  let inFlight: Promise<boolean> | undefined;
  let abort: ((reason: Error) => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = false;

  async function loadOnce(): Promise<boolean> {
    const controller = new AbortController();
    abort = (reason) => controller.abort(reason);
    const deadline = setTimeout(
      () => controller.abort(new Error(`timeout after ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      value = await untilAborted(options.load(controller.signal), controller.signal);
      failures = 0;
      return true;
    } catch (err) {
      if (stopped) return false; // aborted by stop(): not the source's failure
      failures++;
      if (failures >= expireAfter) value = undefined;
      try {
        options.onError?.(err, failures);
      } catch {
        // A failing error handler must not break the polling.
      }
      return false;
    } finally {
      clearTimeout(deadline);
      abort = undefined;
    }
  }

  const refresh = (): Promise<boolean> => {
    inFlight ??= loadOnce().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const loop = () => {
    void refresh().then(() => {
      if (!running) return;
      timer = setTimeout(loop, intervalMs);
      timer.unref();
    });
  };

  return {
    current: () => value,
    refresh,
    start() {
      if (running || stopped) return;
      running = true;
      loop();
    },
    async stop() {
      running = false;
      stopped = true;
      clearTimeout(timer);
      abort?.(new Error('stopped'));
      await inFlight;
    },
  };
}

/** `work`, or a rejection as soon as `signal` aborts: the deadline holds even if `work` ignores it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
