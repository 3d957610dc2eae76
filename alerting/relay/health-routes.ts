/**
 * The relay's health endpoints.
 *
 * - `GET /health`: liveness, touches nothing: {"status":"ok","version":"1.0.0"}.
 * - `GET /health/ready`: whether the relay can take alerts now. 503 while shutting down, with a full
 *   queue, or while the spool file is missing (deleted under the relay and not re-created yet). Telegram's state is reported, from the last delivery attempt, but does not decide: while
 *   Telegram is unreachable the relay still accepts and spools alerts, which is better than having
 *   an orchestrator take it out of service so that Alertmanager's posts fail too. Telegram is never
 *   called by a probe (no token use, no rate limit spent).
 */
import { Router } from 'express';
import type { Lifecycle } from '../../lib/http/graceful-shutdown';
import type { SpoolStatus } from './spool';
import type { TelegramStatus } from './telegram';

export interface Readiness {
  queue: { depth: number; max: number };
  /** "file" with RELAY_SPOOL_DIR, "memory" without, "missing" while a deleted spool is not re-created. */
  spool: SpoolStatus;
  telegram: TelegramStatus;
}

export interface HealthRoutesOptions {
  version: string;
  lifecycle: Lifecycle;
  readiness(): Readiness;
}

export function healthRoutes({ version, lifecycle, readiness }: HealthRoutesOptions): Router {
  const router = Router();
  router.use('/health', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', version });
  });

  router.get('/health/ready', (_req, res) => {
    if (lifecycle.draining) {
      res.status(503).json({ status: 'error', reason: 'shutting down' });
      return;
    }
    const { queue, spool, telegram } = readiness();
    const full = queue.depth >= queue.max;
    // A spool that vanished cannot keep the promise a 2xx makes: Alertmanager's posts get 503 too.
    const problem = full ? 'queue full' : spool === 'missing' ? 'spool missing' : undefined;
    const telegramView = {
      ...telegram,
      at: telegram.at === undefined ? undefined : new Date(telegram.at).toISOString(),
    };
    res.status(problem ? 503 : 200).json({
      status: problem ? 'error' : 'ok',
      ...(problem ? { reason: problem } : {}),
      queue,
      spool,
      telegram: telegramView,
    });
  });

  return router;
}
