/**
 * Runs a service's request handler on its port until SIGTERM: logs "<Name> listening" once bound,
 * exits 1 when the port cannot be had (a supervisor restarts it, and the log says why), and hands
 * the server to graceful-shutdown.ts. Shared by the exporter and the relay.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from '../logging/logger';
import { type createLifecycle, installGracefulShutdown } from './graceful-shutdown';

export interface ServeOptions {
  /** The service as its log lines name it: "Exporter" logs "Exporter listening". */
  name: string;
  handler: RequestListener;
  port: number;
  /** The service's main logger. */
  logger: Logger;
  /** Fields added to the "listening" line (version, env). */
  listening?: Record<string, unknown>;
  lifecycle: ReturnType<typeof createLifecycle>;
  /** SHUTDOWN_DRAIN_MS: see graceful-shutdown.ts. */
  drainDelayMs: number;
  /** Closes what the service owns, after the last request finished. */
  closeResources(): Promise<void>;
}

export function serve(options: ServeOptions): Server {
  const { name, port, logger } = options;
  const server = createServer(options.handler);
  server.on('error', (err) => {
    logger.critical({ err, port }, `${name} cannot listen`);
    process.exit(1);
  });
  server.listen(port, () => logger.info({ port, ...options.listening }, `${name} listening`));
  installGracefulShutdown(options.lifecycle, {
    server,
    logger,
    drainDelayMs: options.drainDelayMs,
    closeResources: options.closeResources,
  });
  return server;
}
