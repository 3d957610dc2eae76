/**
 * The spec's health endpoints. `/health` is liveness and touches nothing; `/health/<check>` asks
 * one dependency; `/health/ready` asks all of them in parallel and reports every one, failing
 * or not. Failures answer 503 so Docker, load balancers and blackbox probes read them as down.
 */
import type { ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Lifecycle } from '../../../lib/http/graceful-shutdown';
import type { FastRoute } from '../../../lib/http/probe-fast-path';
import { sendJson } from '../../../lib/http/send-json';
import type { CheckResult, HealthCheck } from './check';
import { type RunOptions, runCheck, runChecks } from './runner';

export interface HealthRoutesOptions {
  version: string;
  checks: readonly HealthCheck[];
  timeoutMs: number;
  lifecycle: Lifecycle;
  /** Told of every probe's result (the results store), so /metrics agrees with what /health said. */
  onResult?: RunOptions['onResult'];
}

const statusCodeOf = (ok: boolean) => (ok ? 200 : 503);

/** A health answer is true for an instant: no proxy or browser may reuse it. */
const noStore = <R extends ServerResponse>(res: R) => res.setHeader('Cache-Control', 'no-store');

/** GET /health, liveness, for Express and for the probe fast path alike. */
export function livenessRoute(version: string): FastRoute {
  return {
    path: '/health',
    serve(_req, res) {
      sendJson(noStore(res), 200, { status: 'ok', version });
    },
  };
}

export function healthRoutes({
  version,
  checks,
  timeoutMs,
  lifecycle,
  onResult,
}: HealthRoutesOptions): Router {
  const router = Router();
  const byName = new Map(checks.map((check) => [check.name, check]));

  // Cache-Control set per handler rather than by a /health middleware: one router layer less.
  const liveness = livenessRoute(version);
  router.get(liveness.path, liveness.serve);

  router.get('/health/ready', async (_req, res) => {
    noStore(res);
    if (lifecycle.draining) {
      res.status(503).json({ status: 'error', reason: 'shutting down' });
      return;
    }
    const services: Record<string, CheckResult> = await runChecks(checks, { timeoutMs, onResult });
    const ok = Object.values(services).every((result) => result.status === 'ok');
    res.status(statusCodeOf(ok)).json({ status: ok ? 'ok' : 'error', services });
  });

  router.get('/health/:check', async (req, res) => {
    noStore(res);
    const check = byName.get(req.params.check);
    if (!check) {
      res
        .status(404)
        .json({ status: 'error', reason: `unknown check; known: ${[...byName.keys()].join(', ')}` });
      return;
    }
    const result = await runCheck(check, { timeoutMs, onResult });
    res.status(statusCodeOf(result.status === 'ok')).json(result);
  });

  return router;
}
