/**
 * The `<service>_build_info` gauge the Prometheus exporter guidelines ask of every service: always 1,
 * its labels saying what is running, so dashboards can show the versions and a query can join on
 * them (`* on (instance) group_left (version) clicky_exporter_build_info`).
 *
 *   clicky_exporter_build_info{version="1.4.0",revision="3f2c1ab",nodejs_version="v20.19.0"} 1
 *
 * `version` is APP_VERSION (package.json's by default), `revision` APP_REVISION (the commit, set by
 * the deployment or the image build; `unknown` when not given), `nodejs_version` the runtime's.
 */
import { Gauge, type Registry } from 'prom-client';

export interface BuildInfo {
  version: string;
  revision: string;
}

/** The metric name for a service: buildInfoName('exporter') is `clicky_exporter_build_info`. */
export const buildInfoName = (service: string) => `clicky_${service}_build_info`;

export function buildInfoMetric(registry: Registry, service: string, info: BuildInfo): void {
  const gauge = new Gauge({
    name: buildInfoName(service),
    help: `The running ${service}'s version, source revision and Node.js version; always 1.`,
    labelNames: ['version', 'revision', 'nodejs_version'],
    registers: [registry],
  });
  gauge.set({ version: info.version, revision: info.revision, nodejs_version: process.version }, 1);
}
