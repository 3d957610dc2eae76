/**
 * Long polling (RELAY_BOT=polling, the default transport): one loop of getUpdates with a 25 s
 * server-side wait, handing each update to the bot one at a time and recording the offset after it.
 * It is its own loop, apart from the delivery queue: a storm of presses waits here, never in front
 * of alerts. Telegram failing or hanging backs off (lib/retry/backoff.ts) and recovers by itself.
 */
import type { Logger } from '../../../lib/logging/logger';
import { Backoff } from '../../../lib/retry/backoff';
import { createAlarm } from '../alarm';
import type { BotApi } from './bot-api';
import type { UpdateOffset } from './update-offset';

export interface Update {
  update_id: number;
  callback_query?: unknown;
  message?: unknown;
}

export interface PollerOptions {
  api: BotApi;
  offset: UpdateOffset;
  handle(update: Update): Promise<void>;
  logger: Logger;
  /** Seconds Telegram holds a getUpdates open when nothing is waiting. */
  pollSeconds?: number;
  backoff?: { initialMs: number; maxMs: number };
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
}

export function createPoller(options: PollerOptions): Poller {
  const pollSeconds = options.pollSeconds ?? 25;
  const backoff = new Backoff(options.backoff ?? { initialMs: 1000, maxMs: 60_000 });
  const alarm = createAlarm();
  let stopped = false;
  const abort = new AbortController();
  let running: Promise<void> | undefined;

  async function once(): Promise<void> {
    const answer = await options.api.call<Update[]>(
      'getUpdates',
      {
        offset: options.offset.current,
        timeout: pollSeconds,
        allowed_updates: ['callback_query', 'message'],
      },
      (pollSeconds + 10) * 1000,
      abort.signal,
    );
    if (stopped) return;
    if (!answer.ok) {
      const wait = backoff.failed();
      options.logger.warning({ reason: answer.description, retry_in_ms: wait }, 'Telegram getUpdates failed');
      await alarm.sleep(wait);
      return;
    }
    backoff.succeeded();
    for (const update of answer.result) {
      if (stopped) return;
      try {
        await options.handle(update);
      } catch (err) {
        // One bad update must not block the ones behind it forever: logged, then passed.
        options.logger.error({ err, update_id: update.update_id }, 'Bot update failed');
      }
      await options.offset.handled(update.update_id);
    }
  }

  return {
    start() {
      running ??= (async () => {
        while (!stopped) await once();
      })();
    },
    async stop() {
      stopped = true;
      abort.abort();
      alarm.wake();
      // Waits for the update being handled (its answer and edit), not for a long poll.
      await running;
    },
  };
}
