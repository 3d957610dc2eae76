/**
 * A real Prometheus (Debian's /usr/bin/prometheus) on a free port, with a config given as an object
 * and its own TSDB directory (or a given one, e.g. blocks made by `promtool tsdb create-blocks-from`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startDaemonOnFreePort } from './daemon';

export interface VectorSample {
  metric: Record<string, string>;
  value: number;
}

export interface ActiveAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

/** A series with its raw samples: [timestamp in milliseconds, value], oldest first. */
export interface RawSeries {
  metric: Record<string, string>;
  samples: [number, number][];
}

/** Prometheus's HTTP query API, which VictoriaMetrics serves too (test/support/victoria-metrics.ts). */
export interface QueryApi {
  /** An instant query (at `time`, Unix seconds, or now): a vector, or a scalar as one sample; throws on an API error. */
  query(expr: string, time?: number): Promise<VectorSample[]>;
  /** The samples as stored (a range selector, `selector[<seconds>s]`, asked at `time`): what a query reads. */
  rawSamples(selector: string, seconds: number, time?: number): Promise<RawSeries[]>;
}

export interface TestPrometheus extends QueryApi {
  url: string;
  /** The alerts of /api/v1/alerts (pending and firing). */
  alerts(): Promise<ActiveAlert[]>;
  log(): string;
  stop(): Promise<void>;
  /** SIGKILL: a crash, no clean shutdown (stop still cleans up). */
  kill(): void;
}

export interface PrometheusOptions {
  /** prometheus.yml as an object (rule_files must be absolute paths). */
  config: Record<string, unknown>;
  /** TSDB directory; default: a fresh temporary one, removed on stop. */
  storagePath?: string;
  /** More command-line flags (e.g. a short `--rules.alert.resend-delay`). */
  flags?: readonly string[];
}

export type PrometheusClient = Pick<TestPrometheus, 'query' | 'rawSamples' | 'alerts'>;

/** The instant-query and alerts API of any Prometheus (also the chaos matrix's, stack/chaos/). */
export function prometheusClient(url: string): PrometheusClient {
  async function api<T>(path: string): Promise<T> {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  }
  const atTime = (time?: number) => (time === undefined ? '' : `&time=${time}`);
  return {
    async query(expr, time) {
      const at = atTime(time);
      const data = await api<
        | { resultType: 'vector'; result: { metric: Record<string, string>; value: [number, string] }[] }
        | { resultType: 'scalar'; result: [number, string] }
      >(`/api/v1/query?query=${encodeURIComponent(expr)}${at}`);
      // A scalar (scalar(), a number literal) reads as one sample without labels.
      if (data.resultType === 'scalar') return [{ metric: {}, value: Number(data.result[1]) }];
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async rawSamples(selector, seconds, time) {
      const expr = encodeURIComponent(`${selector}[${seconds}s]`);
      const data = await api<{
        resultType: 'matrix';
        result: { metric: Record<string, string>; values: [number, string][] }[];
      }>(`/api/v1/query?query=${expr}${atTime(time)}`);
      return data.result.map((r) => ({
        metric: r.metric,
        samples: r.values.map(([t, v]) => [Math.round(t * 1000), Number(v)] as [number, number]),
      }));
    },
    async alerts() {
      return (await api<{ alerts: ActiveAlert[] }>('/api/v1/alerts')).alerts;
    },
  };
}

export async function startPrometheus(options: PrometheusOptions): Promise<TestPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, stringify(options.config));
  const daemon = await startDaemonOnFreePort('/usr/bin/prometheus', (port) => ({
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${options.storagePath ?? join(dir, 'data')}`,
      // Imported history may be older than the default 15d; nothing here should be deleted.
      '--storage.tsdb.retention.time=10y',
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.flags ?? []),
    ],
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
  }));
  const url = `http://127.0.0.1:${daemon.port}`;

  return {
    url,
    ...prometheusClient(url),
    log: daemon.log,
    kill: () => daemon.child.kill('SIGKILL'),
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The query API at `url` (a Prometheus or anything speaking its API, VictoriaMetrics too). */
export const queryApi = (url: string): QueryApi => {
  const { query, rawSamples } = prometheusClient(url);
  return { query, rawSamples };
};
