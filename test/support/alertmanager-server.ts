/**
 * A real Alertmanager (Debian's prometheus-alertmanager) for a test, with a config given as an object,
 * its own storage, no clustering, on a free port or a given one (to come back where Prometheus
 * expects it after a `stop`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { requiredFlags } from '../../alerting/alertmanager/settings';
import { startDaemon, startDaemonOnFreePort } from './daemon';

export interface TestAlertmanager {
  url: string;
  port: number;
  log(): string;
  /** SIGTERM and wait; the storage goes too. */
  stop(): Promise<void>;
}

export async function startAlertmanager(options: {
  /** alertmanager.yml as an object (file paths in it must be absolute). */
  config: Record<string, unknown>;
  port?: number;
}): Promise<TestAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'alertmanager-test-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, stringify(options.config));
  const command = '/usr/bin/prometheus-alertmanager';
  const listen = (port: number) => ({
    args: [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      ...requiredFlags,
    ],
    readyUrl: `http://127.0.0.1:${port}/-/ready`,
  });
  const given = options.port === undefined ? undefined : listen(options.port);
  const daemon = given
    ? { ...(await startDaemon(command, given.args, given.readyUrl)), port: options.port as number }
    : await startDaemonOnFreePort(command, listen);
  const port = daemon.port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    log: daemon.log,
    async stop() {
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Posts alerts to Alertmanager's API v2 as Prometheus does; throws on a refusal. */
export async function postAlerts(
  url: string,
  alerts: { labels: Record<string, string>; annotations?: Record<string, string>; startsAt?: string }[],
): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  if (!response.ok)
    throw new Error(`Alertmanager refused the alerts: HTTP ${response.status} ${await response.text()}`);
}
