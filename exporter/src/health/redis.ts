/**
 * Redis check: a PING round trip on one long-lived ioredis connection.
 *
 * ioredis reconnects by itself forever (capped backoff), so the check recovers without a restart.
 * Commands are never queued while disconnected: a down Redis fails the probe at once with the last
 * connection error (e.g. ECONNREFUSED) instead of waiting for the deadline.
 */
import Redis, { ReplyError } from 'ioredis';
import { type CheckDetails, CheckFailure, type HealthCheck } from './check';

export interface RedisCheckOptions {
  /** redis:// or rediss:// URL, may hold a password and a DB number (never shown in results). */
  url: string;
  /** Bound for connecting, for PING and for closing a connection that stopped answering. */
  timeoutMs: number;
}

/** Longest pause between reconnection attempts while Redis is down. */
const MAX_RECONNECT_DELAY_MS = 2000;

export function redisCheck({ url, timeoutMs }: RedisCheckOptions): HealthCheck {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    disconnectTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  // Why Redis is not ready, for probes that find it so. Without an 'error' listener ioredis prints
  // "Unhandled error event" for every failed reconnect.
  let lastError: unknown;
  redis.on('error', (err) => {
    // Errors from the server or the network (ECONNREFUSED, NOAUTH) explain an outage; ioredis's
    // own follow-ups ("Stream isn't writeable...") only fill in when nothing better is known.
    if (hasCause(err)) lastError = err;
    else lastError ??= err;
  });
  redis.on('ready', () => {
    lastError = undefined;
  });
  // Closed without an error (the server shut down): say so until a reconnect attempt knows more.
  redis.on('close', () => {
    lastError ??= new CheckFailure('connection closed');
  });

  return {
    name: 'redis',
    probe: async (signal): Promise<CheckDetails> => {
      try {
        if (redis.status !== 'ready') await untilReady(redis, signal, () => lastError);
        await redis.ping();
        return {};
      } catch (err) {
        if (signal.aborted || isCommandTimeout(err)) {
          // A connection that did not answer in time is treated as dead: drop it (ioredis
          // reconnects) so a hung server holds one socket at most. Until the next attempt, probes
          // fail fast with the same reason.
          lastError = Object.assign(new Error('Redis did not answer in time'), { code: 'ETIMEDOUT' });
          redis.disconnect(true);
          throw err;
        }
        // A PING lost with its connection ("Connection is closed.") says less than why it closed.
        if (err instanceof ReplyError) throw err;
        throw lastError ?? new CheckFailure('connection closed');
      }
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

/**
 * Resolves when the connection is ready. Waits while a connection attempt is under way; fails at
 * once while ioredis is between attempts (Redis is down).
 */
function untilReady(redis: Redis, signal: AbortSignal, lastError: () => unknown): Promise<void> {
  if (redis.status === 'wait') redis.connect().catch(() => {}); // errors arrive as 'error' events
  if (redis.status !== 'connecting' && redis.status !== 'connect') {
    return Promise.reject(lastError() ?? new CheckFailure('not connected'));
  }
  return new Promise<void>((resolve, reject) => {
    const cleanUp = () => {
      redis.off('ready', onReady).off('error', onError).off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      cleanUp();
      reject(err);
    };
    const onReady = () => {
      cleanUp();
      resolve();
    };
    const onError = (err: unknown) => fail(lastError() ?? err);
    const onClose = () => fail(lastError() ?? new CheckFailure('not connected'));
    const onAbort = () => fail(signal.reason);
    redis.on('ready', onReady).on('error', onError).on('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
  });
}

const isCommandTimeout = (err: unknown) => err instanceof Error && err.message === 'Command timed out';

/** A server reply (NOAUTH...) or a network error with a code (ECONNREFUSED...). */
const hasCause = (err: unknown) =>
  err instanceof ReplyError || typeof (err as { code?: unknown } | undefined)?.code === 'string';
