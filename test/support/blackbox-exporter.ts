/** A real blackbox_exporter (Debian's prometheus-blackbox-exporter) on a free loopback port. */
import { type Daemon, startDaemonOnFreePort } from './daemon';

export interface TestBlackboxExporter extends Daemon {
  /** host:port, where Prometheus sends its /probe requests. */
  address: string;
}

export async function startBlackboxExporter(
  configFile: string,
  flags: string[] = [],
): Promise<TestBlackboxExporter> {
  const daemon = await startDaemonOnFreePort('/usr/bin/prometheus-blackbox-exporter', (port) => ({
    args: [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`, ...flags],
    readyUrl: `http://127.0.0.1:${port}/-/healthy`,
  }));
  return { ...daemon, address: `127.0.0.1:${daemon.port}` };
}
