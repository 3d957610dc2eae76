/**
 * The scheduler's status endpoint, GET /health on SUMMARY_PORT, for Docker's health check and probes:
 * 503 once a scheduled summary was not sent, so a broken mail relay shows the day it breaks, not the
 * day after. One route, so node:http rather than Express. The answer says when and whether, never to
 * whom or through which account: it only ever sees the run status and the schedule.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { sendJson } from '../../lib/http/send-json';
import type { Schedule } from './schedule';
import type { LastRun, RunStatus } from './status';

export interface StatusServerOptions {
  port: number;
  status: Pick<RunStatus, 'lastRun'>;
  schedule: Pick<Schedule, 'nextRun'>;
}

export interface StatusServer {
  /** Stops accepting and resolves once the open requests are answered. */
  close(): Promise<void>;
}

const lastRunJson = (run: LastRun) => ({
  at: run.at.toISOString(),
  sent: run.sent,
  history_read: run.historyRead,
});

type Answer = { code: number; body: object };

/** Healthy until a run fails to send: before the first run there is nothing wrong to report. */
function health({ status, schedule }: StatusServerOptions): Answer {
  const { lastRun } = status;
  const times = {
    next_run: schedule.nextRun()?.toISOString() ?? null,
    last_run: lastRun ? lastRunJson(lastRun) : null,
  };
  if (lastRun && !lastRun.sent)
    return { code: 503, body: { status: 'error', reason: 'last summary was not sent', ...times } };
  return { code: 200, body: { status: 'ok', ...times } };
}

function answer(options: StatusServerOptions, req: IncomingMessage): Answer {
  const path = (req.url ?? '').split('?')[0];
  if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(options);
  return { code: 404, body: { status: 'error', reason: `no route for ${req.method} ${path}` } };
}

/** Resolves once listening on every interface; rejects when the port cannot be had. */
export function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const server = createServer((req, res) => {
    const { code, body } = answer(options, req);
    sendJson(res, code, body);
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Idle keep-alive sockets would hold close() open for nothing.
      server.closeIdleConnections();
    });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => {
      server.off('error', reject);
      resolve({ close });
    });
  });
}
