/**
 * A real VictoriaMetrics single-node (Debian's /usr/bin/victoria-metrics) on a free loopback port with
 * its own data directory: Prometheus remote-writes to `writeUrl`, and it answers Prometheus's query API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remoteWriteUrl } from '../../prometheus/longterm';
import { startDaemonOnFreePort } from './daemon';
import { type QueryApi, queryApi } from './prometheus-server';

export const VICTORIA_METRICS = '/usr/bin/victoria-metrics';

export interface TestVictoriaMetrics extends QueryApi {
  url: string;
  /** Prometheus's remote_write URL. */
  writeUrl: string;
  /** Its storage directory (for disk usage). */
  dataDir: string;
  /** Makes what was ingested so far searchable (it is buffered for a second or two otherwise). */
  flush(): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

export async function startVictoriaMetrics(extraFlags: string[] = []): Promise<TestVictoriaMetrics> {
  const dir = mkdtempSync(join(tmpdir(), 'victoria-metrics-test-'));
  const dataDir = join(dir, 'data');
  const daemon = await startDaemonOnFreePort(VICTORIA_METRICS, (port) => ({
    args: [
      `-storageDataPath=${dataDir}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      // Imported history is old; nothing here should be deleted.
      '-retentionPeriod=100y',
      // By default the last 30s are hidden from queries (for late samples) and answers are cached:
      // a test compares the same instant on Prometheus, so both must read exactly what was stored.
      '-search.latencyOffset=0s',
      '-search.disableCache',
      '-loggerLevel=ERROR',
      ...extraFlags,
    ],
    readyUrl: `http://127.0.0.1:${port}/health`,
  }));
  const hostPort = `127.0.0.1:${daemon.port}`;
  const url = `http://${hostPort}`;
  return {
    url,
    writeUrl: remoteWriteUrl(hostPort),
    dataDir,
    ...queryApi(url),
    async flush() {
      const res = await fetch(`${url}/internal/force_flush`);
      if (!res.ok) throw new Error(`force_flush: ${res.status}`);
    },
    log: daemon.log,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
