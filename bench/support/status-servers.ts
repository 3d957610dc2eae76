/**
 * Child process of bench/status.ts. Three servers on free ports:
 * - `status`: the status service's handler over a cache refreshed every second from a realistic
 *   snapshot (4 monitors, 90 days, 24 h of response times, 20 incidents): answers are re-rendered
 *   while the load runs, as in production;
 * - `hung`: the same, but after its first snapshot every refresh reads a Prometheus that accepts
 *   connections and never answers (test/support/hanging-server.ts): the page serves the last known
 *   state while refreshes hang;
 * - `limit`: node:http answering the same bytes and headers from memory, nothing else.
 * Prints `{"status":port,"hung":port,"limit":port}` once all listen.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { jobs } from '../../alerting/rules/metrics';
import { createLogger } from '../../lib/logging/logger';
import { renderAnswers } from '../../status/answers';
import { createStatusCache } from '../../status/cache';
import { collect } from '../../status/collect';
import { DAY_SECONDS, lastDays, localDate } from '../../status/days';
import type { Snapshot } from '../../status/model';
import { statusHandler } from '../../status/server';
import { startHangingServer } from '../../test/support/hanging-server';
import { allMonitors } from '../../uptime/monitors';

const TIME_ZONE = 'Asia/Jakarta';
const settings = { foundation: 'Clicky Foundation', timeZone: TIME_ZONE, staleAfterSeconds: 130 };
const logger = createLogger({
  app: 'status',
  env: 'production',
  level: 'info',
  destination: pino.destination('/dev/null'),
});

function fixture(now: number): Snapshot {
  return {
    collectedAt: now,
    monitors: allMonitors.map((m, k) => ({
      name: m.name,
      friendlyName: m.friendlyName,
      url: m.url,
      state: k === 1 ? 'down' : 'up',
      days: lastDays(now, 90, TIME_ZONE).map((day, i) => ({
        date: localDate(day, TIME_ZONE),
        share: (i * 7 + k) % 23 === 0 ? 0.97 : 1,
      })),
      responseTimes: Array.from({ length: 96 }, (_, i) => ({
        at: now - (95 - i) * 900,
        seconds: 0.1 + 0.05 * Math.sin(i / 5),
      })),
      tlsExpiresAt: now + 40 * DAY_SECONDS,
    })),
    incidents: Array.from({ length: 20 }, (_, i) => ({
      alertname: 'ServiceDown',
      monitor: 'api-health',
      startedAt: now - (i + 1) * 3 * DAY_SECONDS,
      endedAt: now - (i + 1) * 3 * DAY_SECONDS + 1200,
    })),
  };
}

const listen = (handler: RequestListener) =>
  new Promise<number>((resolve) => {
    const server = createServer(handler).listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });

async function main(): Promise<void> {
  const hanging = await startHangingServer();
  const statusCache = createStatusCache({
    collect: async (now) => fixture(now),
    render: (view) => renderAnswers(settings, allMonitors, view),
    intervalMs: 1000,
    logger,
  });
  let first = true;
  const hungCache = createStatusCache({
    collect: async (now) => {
      if (first) {
        first = false;
        return fixture(now);
      }
      return collect({
        monitors: allMonitors,
        env: 'production',
        job: jobs.blackbox,
        timeZone: TIME_ZONE,
        prometheus: { prometheusUrl: `http://127.0.0.1:${hanging.port}`, timeoutMs: 900 },
        now,
      });
    },
    render: (view) => renderAnswers(settings, allMonitors, view),
    intervalMs: 100,
    logger,
  });
  await statusCache.refresh();
  await hungCache.refresh();
  statusCache.start();
  hungCache.start();

  const frozen = statusCache.current().byPath;
  const limit: RequestListener = (req, res) => {
    const found = frozen.get((req.url ?? '/').split('?')[0] as string);
    if (!found) {
      res.statusCode = 404;
      return void res.end();
    }
    res.writeHead(200, found.headers);
    res.end(found.body);
  };
  const health = 3_600_000;
  const ports = {
    status: await listen(statusHandler({ cache: statusCache, healthMaxAgeMs: health })),
    hung: await listen(statusHandler({ cache: hungCache, healthMaxAgeMs: health })),
    limit: await listen(limit),
  };
  process.stdout.write(`${JSON.stringify(ports)}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

void main();
