/**
 * A small API that meets the metrics contract (contracts/metrics.ts) and logs the spec's request
 * events, with knobs to break it: the stand-in for the FastAPI app in the contract tests and in
 * `npm run chaos`.
 *
 *   GET /health/ready            200, or 503 with the `ready` knob off (a 5xx burst is not an outage)
 *   GET /bookings                200, or 500 as the knobs say (also /bookings/:id, POST /bookings)
 *   GET /metrics                 the process metrics, plus the contract's series unless switched off
 *   GET  /__fixture/knobs        the knobs (fixture-knobs.ts)
 *   POST /__fixture/knobs        JSON patch of the knobs, e.g. {"errorShare": 1}; 400 with reasons
 *   POST /__fixture/stop         answers 202, then stops listening (SIGHUP or listen() resumes)
 *
 * Programmatic: `const api = createFixtureApi(); await api.listen(); api.set({ errorCount: 5 })`.
 * Standalone: `PORT=8000 tsx contracts/fixture-api.ts`; JSON log lines on stdout ("Fixture API
 * listening" once bound). Signals (to the node process: run it as `node --import tsx ...` to have its
 * pid, as npx and the tsx CLI do not pass these on): SIGUSR2 stops listening, SIGHUP listens again on
 * the same port, SIGTERM/SIGINT exit. Counters survive a stop, as in an app that was unreachable.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { envVar, loadEnv } from '../lib/config/env';
import { configOrExit } from '../lib/config/exit-codes';
import { checkLogLevel, loggingConfig, loggingEnvFields } from '../lib/config/logging-env';
import { jsonErrors, notFound } from '../lib/http/json-errors';
import { redMetrics } from '../lib/http/red-metrics';
import { requestLogging } from '../lib/http/request-logging';
import { createLogger, type Logger } from '../lib/logging/logger';
import { createRegistry } from '../lib/metrics/registry';
import { applyKnobs, DEFAULT_KNOBS, ErrorSchedule, type FixtureKnobs } from './fixture-knobs';

export interface FixtureApiOptions {
  /** Where JSON log lines go. */
  logger: Logger;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  knobs?: Partial<FixtureKnobs>;
}

export interface FixtureApi {
  /** http://host:port while listening, undefined otherwise. */
  readonly url: string | undefined;
  readonly knobs: Readonly<FixtureKnobs>;
  /** Applies a patch of knobs; throws with the reasons when it is invalid. */
  set(patch: Partial<FixtureKnobs>): FixtureKnobs;
  /** Starts listening: on `port`, else the last port, else a free one. Resolves with the URL. */
  listen(port?: number): Promise<string>;
  /** Stops listening (open connections are cut); counters and knobs are kept for a later listen(). */
  stop(): Promise<void>;
  /** stop() and the self traffic, for good. */
  close(): Promise<void>;
}

const CONTROL = '/__fixture';

export function createFixtureApi(options: FixtureApiOptions): FixtureApi {
  const host = options.host ?? '127.0.0.1';
  // Listening on every interface, the fixture still reaches itself (self traffic) on loopback.
  const urlHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const log = options.logger.child({ logger: 'fixture.api' });
  let knobs: FixtureKnobs = mustApply({ ...DEFAULT_KNOBS }, options.knobs ?? {});
  const errors = new ErrorSchedule();
  // Two registries so that switching the contract off drops exactly its series.
  const runtime = createRegistry();
  const contract = createRegistry({ defaultMetrics: false });

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(redMetrics(contract));
  app.use(requestLogging(log, { quietPaths: ['/health', '/metrics', CONTROL] }));
  app.use(express.json());

  app.get('/health/ready', (_req, res) => {
    if (knobs.ready) res.json({ status: 'ok' });
    else res.status(503).json({ status: 'error', reason: 'fixture: not ready on demand' });
  });
  app.get('/metrics', async (_req, res) => {
    const body = (await runtime.metrics()) + (knobs.serveContract ? await contract.metrics() : '');
    res.type(runtime.contentType).send(body);
  });
  app.get(`${CONTROL}/knobs`, (_req, res) => {
    res.json(knobs);
  });
  app.post(`${CONTROL}/knobs`, (req, res) => {
    const result = applyKnobs(knobs, req.body ?? {});
    if ('problems' in result) {
      res.status(400).json({ status: 'error', reason: result.problems.join('; ') });
      return;
    }
    knobs = result.knobs;
    onKnobs();
    res.json(knobs);
  });
  app.post(`${CONTROL}/stop`, (_req, res) => {
    res.status(202).json({ status: 'stopping' });
    res.once('finish', () => void api.stop());
  });

  const routes = express.Router();
  const answer = (status: number, body: unknown): express.RequestHandler => {
    return (_req, res) => {
      const fail = errors.next(knobs);
      const send = () => {
        if (fail) res.status(500).json({ status: 'error', reason: 'fixture: error on demand' });
        else res.status(status).json(body);
      };
      if (knobs.delayMs > 0) setTimeout(send, knobs.delayMs);
      else send();
    };
  };
  routes.get('/bookings', answer(200, { bookings: [] }));
  routes.get('/bookings/:id', answer(200, { booking: 'fixture' }));
  routes.post('/bookings', answer(201, { booking: 'fixture' }));
  app.use(routes);
  app.use(notFound);
  app.use(jsonErrors(log));

  let server: Server | undefined;
  let lastPort: number | undefined;
  let traffic: NodeJS.Timeout | undefined;
  let trafficCount = 0;

  function onKnobs(): void {
    if (traffic) clearInterval(traffic);
    traffic = undefined;
    if (knobs.trafficPerSecond <= 0) return;
    traffic = setInterval(() => {
      const url = api.url;
      if (!url) return;
      trafficCount += 1;
      // Failures are what the knobs ask for, or a stopped listener: nothing to report.
      fetch(`${url}/bookings/${trafficCount % 100}`)
        .then((res) => res.arrayBuffer())
        .catch(() => undefined);
    }, 1000 / knobs.trafficPerSecond);
    traffic.unref();
  }

  const api: FixtureApi = {
    get url() {
      const address = server?.listening ? (server.address() as AddressInfo) : undefined;
      return address
        ? `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${address.port}`
        : undefined;
    },
    get knobs() {
      return knobs;
    },
    set(patch) {
      knobs = mustApply(knobs, patch);
      onKnobs();
      return knobs;
    },
    async listen(port) {
      if (server?.listening) throw new Error('fixture API: already listening');
      const next = createServer(app);
      next.listen(port ?? lastPort ?? 0, host);
      await Promise.race([once(next, 'listening'), once(next, 'error').then(([err]) => Promise.reject(err))]);
      server = next;
      lastPort = (next.address() as AddressInfo).port;
      log.info({ port: lastPort }, 'Fixture API listening');
      return api.url as string;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (!current?.listening) return;
      const closed = once(current, 'close');
      current.close();
      current.closeAllConnections();
      await closed;
      log.info({ port: lastPort }, 'Fixture API stopped listening');
    },
    async close() {
      if (traffic) clearInterval(traffic);
      traffic = undefined;
      await api.stop();
    },
  };
  onKnobs();
  return api;
}

function mustApply(current: FixtureKnobs, patch: unknown): FixtureKnobs {
  const result = applyKnobs(current, patch);
  if ('problems' in result) throw new Error(`fixture API: invalid knobs: ${result.problems.join('; ')}`);
  return result.knobs;
}

/** The standalone process: PORT (default 8000), APP_ENV, LOG_LEVEL; invalid ones exit 78. */
async function main(): Promise<void> {
  const env = configOrExit('fixture-api', () =>
    loadEnv(z.object({ ...loggingEnvFields, PORT: envVar.port(8000) }).superRefine(checkLogLevel)),
  );
  const { env: appEnv, logLevel } = loggingConfig(env);
  const logger = createLogger({ app: 'fixture-api', env: appEnv, level: logLevel });
  const api = createFixtureApi({ logger, host: '0.0.0.0' });
  // A stopped listener must not let the process end: it waits for SIGHUP.
  setInterval(() => undefined, 2 ** 30);
  // Not SIGUSR1: Node.js reserves it to start its inspector.
  process.on('SIGUSR2', () => void api.stop());
  process.on('SIGHUP', () => {
    if (api.url === undefined)
      api.listen().catch((err) => logger.error({ err }, 'Fixture API cannot listen again'));
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void api.close().then(() => {
        logger.flush();
        process.exit(0);
      });
    });
  }
  try {
    await api.listen(env.PORT);
  } catch (err) {
    logger.critical({ err, port: env.PORT }, 'Fixture API cannot listen');
    logger.flush();
    process.exit(1);
  }
}

if (require.main === module) void main();
