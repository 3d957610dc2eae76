/**
 * GET /health/pipeline: whether alerts can reach the relay, for a monitor outside the host
 * (uptime/monitors.ts `relayPipeline`, UptimeRobot). The relay answering at all says the host is up;
 * the status says Prometheus → Alertmanager → relay works, from the age of the last Watchdog:
 *
 *   200 {"status":"ok","watchdog_age_seconds":42}
 *   503 {"status":"error","reason":"no Watchdog for 720 s","watchdog_age_seconds":720}
 *
 * 503 exactly when the relay calls the pipeline silent (watchdog/state.ts): past the timeout, and not
 * in the first timeout after a start. With RELAY_WATCHDOG_TIMEOUT=off it is always 200 and says
 * `"watchdog":"off"`. Cheap and touches nothing, so any probe interval is fine.
 */
import { Router } from 'express';
import type { PipelineStatus } from './watchdog';

export const PIPELINE_HEALTH_PATH = '/health/pipeline';

export function pipelineHealthRoute(status: () => PipelineStatus): Router {
  const router = Router();
  router.get(PIPELINE_HEALTH_PATH, (_req, res) => {
    const { enabled, silent, ageSeconds } = status();
    res.setHeader('Cache-Control', 'no-store');
    if (!enabled) {
      res.json({ status: 'ok', watchdog: 'off', watchdog_age_seconds: ageSeconds });
      return;
    }
    if (silent) {
      res.status(503).json({
        status: 'error',
        reason: `no Watchdog for ${ageSeconds} s`,
        watchdog_age_seconds: ageSeconds,
      });
      return;
    }
    res.json({ status: 'ok', watchdog_age_seconds: ageSeconds });
  });
  return router;
}
