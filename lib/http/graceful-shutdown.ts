/**
 * Graceful shutdown for an HTTP service: on SIGTERM/SIGINT, readiness turns to 503 at once, the
 * server stops accepting connections, in-flight requests finish, resources (pools, log shipping)
 * close, and the process exits; a hard deadline ends it regardless, so an orchestrator's
 * `stop_grace_period` (10 s by default in Docker) is never reached.
 */
import type { Server } from 'node:http';
import type { Logger } from '../logging/logger';

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** Closes what the service owns (pools, clients, shippers), after the last request finished. */
  closeResources: () => Promise<void>;
  /**
   * How long the server keeps accepting requests after the signal while readiness answers 503, so a
   * load balancer or prober sees the service leave before its connections are refused. Default 0.
   */
  drainDelayMs?: number;
  /** Hard deadline from the signal to exit. Default 9000 ms: inside Docker's 10 s grace period. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Injected in tests; default process.exit. */
  exit?: (code: number) => void;
}

/** Read by readiness endpoints: true from the moment a shutdown begins. */
export interface Lifecycle {
  readonly draining: boolean;
}

export function createLifecycle(): Lifecycle & { beginDraining(): void } {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    beginDraining() {
      draining = true;
    },
  };
}

/** How often a closing server's sockets are looked at for the ones whose last answer was sent. */
const IDLE_SWEEP_MS = 50;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function installGracefulShutdown(
  lifecycle: ReturnType<typeof createLifecycle>,
  options: ShutdownOptions,
): { shutdown(signal: string): Promise<void> } {
  const { server, logger, closeResources } = options;
  const timeoutMs = options.timeoutMs ?? 9000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let shuttingDown: Promise<void> | undefined;

  const shutdown = (signal: string): Promise<void> => {
    if (shuttingDown) return shuttingDown;
    lifecycle.beginDraining();
    logger.info({ signal, timeout_ms: timeoutMs }, 'Shutting down');
    let exited = false;
    const finish = (code: number) => {
      if (exited) return;
      exited = true;
      clearTimeout(deadline);
      exit(code);
    };
    const deadline = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'Shutdown deadline reached, closing remaining connections');
      server.closeAllConnections();
      finish(1);
    }, timeoutMs);
    deadline.unref();

    shuttingDown = delay(options.drainDelayMs ?? 0)
      .then(
        () =>
          new Promise<void>((resolve) => {
            // close() waits for in-flight requests, and then for their keep-alive sockets until the
            // client or the keep-alive timeout drops them: idle sockets are closed now, and those of
            // requests in flight as soon as their answer is sent.
            const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
            idleSweep.unref();
            server.close(() => {
              clearInterval(idleSweep);
              resolve();
            });
            server.closeIdleConnections();
          }),
      )
      .then(async () => {
        if (exited) return;
        await closeResources();
        logger.info('Shutdown complete');
        finish(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'Shutdown failed while closing resources');
        finish(1);
      });
    return shuttingDown;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => void shutdown(signal));
  }
  return { shutdown };
}
