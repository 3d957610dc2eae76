/**
 * The status page process: configuration, logger, the cache's background refresh, the handler on
 * STATUS_PORT, graceful shutdown. Invalid configuration stops here with a message naming the
 * variable (exit code 78, EX_CONFIG). It reads Prometheus only, never the API it reports on.
 */
import { configOrExit } from '../lib/config/exit-codes';
import { createLifecycle } from '../lib/http/graceful-shutdown';
import { serve } from '../lib/http/serve';
import { createServiceLogger } from '../lib/logging/service-logger';
import { loadStatusConfig } from './config';
import { createStatusService } from './status-service';

function main(): void {
  const config = configOrExit('status', () => loadStatusConfig());
  const { logger, close: closeLogger } = createServiceLogger({
    app: 'status',
    env: config.env,
    level: config.logLevel,
    lokiUrl: config.lokiUrl,
  });
  const service = createStatusService({ config, logger });
  service.cache.start();

  serve({
    name: 'Status page',
    handler: service.handler,
    port: config.port,
    logger: logger.child({ logger: 'status.main' }),
    listening: { version: config.version, env: config.env },
    lifecycle: createLifecycle(),
    drainDelayMs: config.shutdownDrainMs,
    closeResources: async () => {
      service.cache.stop();
      await closeLogger();
    },
  });
}

main();
