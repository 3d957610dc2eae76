/**
 * The fake API of the chaos stack: contracts/fixture-api.ts (it meets the metrics contract), scraped
 * as `clicky-api` and probed on /health/ready, with the knobs a scenario needs named for what they do.
 */
import { createFixtureApi } from '../../contracts/fixture-api';
import { createLogger } from '../../lib/logging/logger';

/** Its own users: a steady trickle, so the RED series exist and move before anything breaks. */
const BASELINE_RPS = 2;
/** A burst: every request fails, ten a second (HighErrorRate counts more than 10 in its window). */
const BURST_RPS = 10;

export interface ChaosApi {
  /** host:port, scraped as clicky-api. */
  readonly hostPort: string;
  /** Every API request answers 500, at the burst's rate, while on. */
  failRequests(on: boolean): void;
  /** /metrics stops serving the contract's series (the app's instrumentation lost) while on. */
  dropSeries(on: boolean): void;
  /** Stops listening (connections refused), as a crashed app. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startChaosApi(): Promise<ChaosApi> {
  // Its request log would only bury the matrix's output: discarded (errors included; the matrix sees them).
  const logger = createLogger({
    app: 'fixture-api',
    env: 'development',
    level: 'error',
    destination: { write: () => undefined },
  });
  const api = createFixtureApi({ logger, knobs: { trafficPerSecond: BASELINE_RPS } });
  const url = new URL(await api.listen());
  return {
    hostPort: url.host,
    failRequests: (on) => {
      api.set(
        on
          ? { errorShare: 1, trafficPerSecond: BURST_RPS }
          : { errorShare: 0, trafficPerSecond: BASELINE_RPS },
      );
    },
    dropSeries: (on) => {
      api.set({ serveContract: !on });
    },
    stop: () => api.stop(),
    async start() {
      if (api.url === undefined) await api.listen();
    },
    close: () => api.close(),
  };
}
