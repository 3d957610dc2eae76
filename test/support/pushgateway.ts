/** A real Pushgateway (Debian's prometheus-pushgateway) on a free port, without persistence. */
import { startDaemonOnFreePort } from './daemon';

export interface TestPushgateway {
  /** http://127.0.0.1:<port> */
  url: string;
  /** host:port, as a scrape target. */
  target: string;
  /** The samples it exposes whose name starts with `prefix`, as "name{labels} value" lines. */
  samples(prefix: string): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startPushgateway(): Promise<TestPushgateway> {
  // No --persistence.file: state lives in memory only and dies with the process.
  const daemon = await startDaemonOnFreePort('/usr/bin/prometheus-pushgateway', (port) => ({
    args: [`--web.listen-address=127.0.0.1:${port}`],
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
  }));
  const target = `127.0.0.1:${daemon.port}`;
  const url = `http://${target}`;
  return {
    url,
    target,
    async samples(prefix) {
      const text = await (await fetch(`${url}/metrics`)).text();
      return text.split('\n').filter((line) => line.startsWith(prefix));
    },
    stop: daemon.stop,
  };
}
