/**
 * A real vmalert (Debian's victoria-metrics package ships /usr/bin/vmalert) on a free loopback port:
 * it evaluates Prometheus rule files against a datasource speaking Prometheus's query API (here
 * VictoriaMetrics) and serves its alerts on /api/v1/alerts in Prometheus's shape.
 */
import { startDaemonOnFreePort } from './daemon';
import { type PrometheusClient, prometheusClient } from './prometheus-server';

export const VMALERT = '/usr/bin/vmalert';

export interface TestVmalert extends Pick<PrometheusClient, 'alerts'> {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startVmalert(options: {
  /** Where the rules' queries go (VictoriaMetrics's URL). */
  datasourceUrl: string;
  /** Rule files (absolute paths). */
  rules: readonly string[];
  /** Where alerts are sent: this version has no blackhole notifier, so an Alertmanager's URL. */
  notifierUrl: string;
  /** Where recording rules' results are written (vmalert refuses recording rules without it). */
  remoteWriteUrl: string;
  evaluationInterval?: string;
}): Promise<TestVmalert> {
  const daemon = await startDaemonOnFreePort(VMALERT, (port) => ({
    args: [
      `-datasource.url=${options.datasourceUrl}`,
      ...options.rules.map((file) => `-rule=${file}`),
      `-notifier.url=${options.notifierUrl}`,
      `-remoteWrite.url=${options.remoteWriteUrl}`,
      `-evaluationInterval=${options.evaluationInterval ?? '1s'}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-loggerLevel=ERROR',
    ],
    readyUrl: `http://127.0.0.1:${port}/health`,
  }));
  const url = `http://127.0.0.1:${daemon.port}`;
  const client = prometheusClient(url);
  return {
    url,
    // vmalert answers `"alerts": null` while none is active, where Prometheus answers [].
    alerts: async () => (await client.alerts()) ?? [],
    log: daemon.log,
    stop: daemon.stop,
  };
}
