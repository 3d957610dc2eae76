/**
 * The whole relay (alerting/relay/relay.ts) in-process on a free port, without a spool, logging into
 * an array: what relay tests drive over HTTP against the fake Telegram. `stop` halts the watchdog's
 * timer and the delivery loop and closes the socket.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadRelayConfig } from '../../alerting/relay/config';
import { createRelay, type Relay } from '../../alerting/relay/relay';
import { memorySpool } from '../../alerting/relay/spool';
import type { Env } from '../../lib/config/env';
import { createLifecycle } from '../../lib/http/graceful-shutdown';
import { createRegistry } from '../../lib/metrics/registry';
import { type CapturedLogger, capturedLogger } from './captured-logger';

export interface InProcessRelay {
  relay: Relay;
  url: string;
  captured: CapturedLogger;
  stop(): Promise<void>;
}

/** `env`: the relay's environment variables (TELEGRAM_* at least). */
export async function startInProcessRelay(env: Env): Promise<InProcessRelay> {
  const captured = capturedLogger({ app: 'relay', level: 'info' });
  const relay = createRelay({
    config: loadRelayConfig(env),
    logger: captured.logger,
    lifecycle: createLifecycle(),
    spool: memorySpool(),
    state: { pending: [], seen: [], nextId: 1, skipped: 0 },
    registry: createRegistry({ defaultMetrics: false }),
  });
  const server: Server = relay.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    relay,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    async stop() {
      relay.watchdog.stop();
      await relay.bot?.stop();
      await relay.queue.stop(0);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
