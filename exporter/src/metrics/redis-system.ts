/**
 * Redis memory figures from INFO (spec section 6, "Redis memory"):
 *
 *   clicky_redis_memory_used_bytes            gauge  used_memory: what Redis allocated for its data
 *   clicky_redis_memory_max_bytes             gauge  maxmemory; 0 means no limit
 *   clicky_redis_memory_fragmentation_ratio   gauge  mem_fragmentation_ratio: RSS / used memory
 *   clicky_redis_connected_clients            gauge  connected_clients (INFO clients)
 *
 * Read in the background on the collector's own connection; a scrape only reads memory. ioredis
 * reconnects by itself, so the figures come back without a restart once Redis does.
 */
import Redis from 'ioredis';
import { Gauge } from 'prom-client';
import { publicReason } from '../health/runner';
import {
  SYSTEM_DEFAULTS,
  type SystemCollector,
  type SystemCollectorOptions,
  systemPoller,
} from './system-collector';

export interface RedisSystemOptions extends SystemCollectorOptions {
  /** redis:// or rediss:// URL, e.g. REDIS_URL (INFO is server-wide: the DB number does not matter). */
  url: string;
}

/** Gauge name: [INFO field it shows, help text]. */
const FIELDS = {
  clicky_redis_memory_used_bytes: [
    'used_memory',
    'Memory Redis allocated (INFO memory used_memory), in bytes.',
  ],
  clicky_redis_memory_max_bytes: ['maxmemory', 'The Redis maxmemory limit in bytes; 0 means no limit.'],
  clicky_redis_memory_fragmentation_ratio: [
    'mem_fragmentation_ratio',
    'Resident memory of Redis divided by the memory it allocated (INFO memory mem_fragmentation_ratio).',
  ],
  clicky_redis_connected_clients: ['connected_clients', 'Client connections to Redis (INFO clients).'],
} as const;

type Reading = Map<string, number>;

export function redisSystemMetrics(options: RedisSystemOptions): SystemCollector {
  const timeoutMs = options.timeoutMs ?? SYSTEM_DEFAULTS.timeoutMs;
  let closed = false;
  const redis = new Redis(options.url, {
    lazyConnect: true, // connects on the first refresh
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // How long closing waits for a hung server to acknowledge before destroying the socket.
    disconnectTimeout: timeoutMs,
    // Commands wait for a connection being (re)established, failing after one attempt while down.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 2000),
    connectionName: 'clicky-exporter-metrics',
  });
  // Failed reconnects are reported by the refreshes; without a listener ioredis prints each one. The
  // last one is kept: while Redis is down a command fails only with "MaxRetriesPerRequestError", and
  // the log should say what happened (connection refused, host not found) instead.
  let connectionError: unknown;
  redis.on('error', (err) => {
    connectionError = err;
  });
  redis.on('ready', () => {
    connectionError = undefined;
  });

  const poller = systemPoller('redis', options, async (signal) => {
    // A connection that did not answer in time is treated as hung: drop it, ioredis reconnects.
    const dropConnection = () => {
      if (!closed) redis.disconnect(true);
    };
    signal.addEventListener('abort', dropConnection, { once: true });
    try {
      const [memory, clients] = await Promise.all([redis.info('memory'), redis.info('clients')]);
      return parseInfo(`${memory}\n${clients}`);
    } catch (err) {
      if (err instanceof Error && err.message === 'Command timed out') dropConnection();
      if (err instanceof Error && err.name === 'MaxRetriesPerRequestError')
        throw new Error(`Redis unreachable: ${publicReason(connectionError ?? err, timeoutMs)}`, {
          cause: err,
        });
      throw err;
    } finally {
      signal.removeEventListener('abort', dropConnection);
    }
  });

  for (const [name, [field, help]] of Object.entries(FIELDS)) {
    new Gauge({
      name,
      help,
      registers: [options.registry],
      collect() {
        const value = poller.current()?.get(field);
        // remove(): a label-less gauge would otherwise show 0, and 0 max bytes reads as "no limit".
        if (value !== undefined) this.set(value);
        else this.remove();
      },
    });
  }

  return {
    start: () => poller.start(),
    refresh: () => poller.refresh(),
    stop: async () => {
      closed = true;
      await poller.stop();
      redis.disconnect();
    },
  };
}

/** The numeric fields of an INFO answer ("field:value" lines; "# Section" headers skipped). */
export function parseInfo(info: string): Reading {
  const reading: Reading = new Map();
  for (const line of info.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (line.startsWith('#') || colon <= 0) continue;
    const raw = line.slice(colon + 1).trim();
    const value = Number(raw);
    if (raw !== '' && Number.isFinite(value)) reading.set(line.slice(0, colon), value);
  }
  return reading;
}
