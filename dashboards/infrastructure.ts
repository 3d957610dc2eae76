/**
 * Infrastructure (spec section 6, System): CPU and memory per container (cAdvisor), disk usage
 * (node_exporter, with the DiskSpaceLow/Critical thresholds), PostgreSQL connections and Redis memory
 * (the exporter's system figures), the exporter's dependency checks, and the versions running.
 */

import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { dependency, filesystem } from '../alerting/rules/metrics';
import { notRegex } from '../alerting/rules/promql';
import { thresholds } from '../alerting/rules/thresholds';
import { buildInfoName } from '../lib/metrics/build-info';
import { clickyDashboard } from './common/dashboard';
import { barGauge, gauge, stat, table, timeseries, units } from './common/panels';
import { promQuery } from './common/queries';
import { inEnv } from './common/selectors';
import { booleanText, orangeRedFrom, redBelow } from './common/thresholds';
import { prometheusDatasource, prometheusEnv } from './common/variables';
import { INFRASTRUCTURE_DASHBOARD_UID } from './panel-ids';

/** cAdvisor also reports cgroups that are no container (name=""): only named containers. */
const containers = { name: { op: '!=', value: '' } } as const;
const realFilesystems = { fstype: notRegex(filesystem.ignoredFsTypes) };
const diskUsed = `1 - ${inEnv(filesystem.avail, realFilesystems)} / ${inEnv(filesystem.size, realFilesystems)}`;
const { low, critical } = thresholds.disk;

const cpuPerContainer = () =>
  timeseries({
    title: 'CPU per container',
    description:
      'CPU time used per container, as a share of one core (100 % = one full core); from cAdvisor.',
    unit: units.PercentUnit,
    queries: [
      promQuery(
        `sum by (name) (rate(${inEnv('container_cpu_usage_seconds_total', containers)}[$__rate_interval]))`,
        {
          legend: '{{name}}',
        },
      ),
    ],
  });

const memoryPerContainer = () =>
  timeseries({
    title: 'Memory per container',
    description:
      'Working set per container (what the kernel cannot reclaim; what OOM kills go by); from cAdvisor.',
    unit: units.BytesIEC,
    queries: [
      promQuery(`sum by (name) (${inEnv('container_memory_working_set_bytes', containers)})`, {
        legend: '{{name}}',
      }),
    ],
  });

const diskUsageNow = () =>
  barGauge({
    title: 'Disk usage',
    description: `Used share of each real file system (node_exporter); orange from ${low.usedRatio * 100} % (DiskSpaceLow), red from ${critical.usedRatio * 100} % (DiskSpaceCritical).`,
    unit: units.PercentUnit,
    queries: [promQuery(diskUsed, { instant: true, legend: '{{instance}} {{mountpoint}}' })],
    thresholds: orangeRedFrom(low.usedRatio, critical.usedRatio),
    max: 1,
    width: 8,
  });

const diskUsageOverTime = () =>
  timeseries({
    title: 'Disk usage over time',
    description:
      'Used share of each real file system; the dashed lines are the DiskSpaceLow and DiskSpaceCritical thresholds.',
    unit: units.PercentUnit,
    queries: [promQuery(diskUsed, { legend: '{{instance}} {{mountpoint}}' })],
    thresholds: orangeRedFrom(low.usedRatio, critical.usedRatio),
    thresholdLine: true,
    max: 1,
    width: 16,
  });

const postgresConnections = () =>
  timeseries({
    title: 'PostgreSQL connections',
    description:
      'Client backends by state (`clicky_postgres_connections`, from pg_stat_activity) and the server limit (`clicky_postgres_max_connections`).',
    unit: units.Short,
    queries: [
      promQuery(`sum by (state) (${inEnv('clicky_postgres_connections')})`, { legend: '{{state}}' }),
      promQuery(`max(${inEnv('clicky_postgres_max_connections')})`, { legend: 'max_connections' }),
    ],
    width: 16,
  });

const postgresConnectionUse = () =>
  gauge({
    title: 'PostgreSQL connections used',
    description:
      'Client backends as a share of max_connections. No alert: orange from 80 %, red from 90 % to draw the eye.',
    unit: units.PercentUnit,
    queries: [
      promQuery(
        `sum(${inEnv('clicky_postgres_connections')}) / max(${inEnv('clicky_postgres_max_connections')})`,
        {
          instant: true,
        },
      ),
    ],
    thresholds: orangeRedFrom(0.8, 0.9),
    height: 8,
  });

const redisMemory = () =>
  timeseries({
    title: 'Redis memory',
    description:
      'Memory Redis uses (`clicky_redis_memory_used_bytes`, INFO memory) and its maxmemory limit when one is set.',
    unit: units.BytesIEC,
    queries: [
      promQuery(`max(${inEnv('clicky_redis_memory_used_bytes')})`, { legend: 'used' }),
      // maxmemory 0 means "no limit": no line rather than a line at zero.
      promQuery(`max(${inEnv('clicky_redis_memory_max_bytes')}) > 0`, { legend: 'maxmemory' }),
    ],
    width: 16,
  });

const redisClients = () =>
  stat({
    title: 'Redis clients',
    description: 'Clients connected to Redis (`clicky_redis_connected_clients`).',
    unit: units.Short,
    queries: [promQuery(`max(${inEnv('clicky_redis_connected_clients')})`, { instant: true })],
    height: 8,
  });

const dependencyHealth = () =>
  stat({
    title: 'Dependency checks',
    description:
      "The exporter's /health checks (database, Redis, MinIO): Up when the last check passed (`clicky_dependency_up`).",
    unit: units.NoUnit,
    queries: [
      promQuery(`min by (service) (${inEnv(dependency.up)})`, { instant: true, legend: '{{service}}' }),
    ],
    thresholds: redBelow(1),
    mappings: booleanText('Up', 'Down'),
    height: 8,
  });

const dependencyLatency = () =>
  timeseries({
    title: 'Dependency check latency',
    description: 'Duration of the last check of each dependency (`clicky_dependency_latency_seconds`).',
    unit: units.Seconds,
    queries: [promQuery(`max by (service) (${inEnv(dependency.latency)})`, { legend: '{{service}}' })],
    width: 16,
  });

/** The services that expose `clicky_<service>_build_info` (lib/metrics/build-info.ts). */
const VERSIONED_SERVICES = ['exporter', 'relay'] as const;

const runningVersions = () =>
  table({
    title: 'Running versions',
    description:
      'One row per running instance of our services: version (APP_VERSION), source revision (APP_REVISION) and Node.js version, from `clicky_<service>_build_info`.',
    unit: units.NoUnit,
    queries: [
      promQuery(
        `max by (job, instance, version, revision, nodejs_version) (${VERSIONED_SERVICES.map((s) =>
          inEnv(buildInfoName(s)),
        ).join(' or ')})`,
        { instant: true, table: true },
      ),
    ],
    transformations: [{ id: 'organize', options: { excludeByName: { Time: true, Value: true } } }],
    height: 6,
  });

export function infrastructure(): DashboardBuilder {
  return clickyDashboard({
    uid: INFRASTRUCTURE_DASHBOARD_UID,
    title: 'Clicky / Infrastructure',
    description: 'Containers, disks, PostgreSQL, Redis, the dependency checks and the versions running.',
    tags: ['infrastructure'],
    variables: [prometheusDatasource(), prometheusEnv()],
  })
    .withRow(new RowBuilder('Dependencies'))
    .withPanel(dependencyHealth())
    .withPanel(dependencyLatency())
    .withRow(new RowBuilder('Containers'))
    .withPanel(cpuPerContainer())
    .withPanel(memoryPerContainer())
    .withRow(new RowBuilder('Disk'))
    .withPanel(diskUsageNow())
    .withPanel(diskUsageOverTime())
    .withRow(new RowBuilder('PostgreSQL'))
    .withPanel(postgresConnectionUse())
    .withPanel(postgresConnections())
    .withRow(new RowBuilder('Redis'))
    .withPanel(redisClients())
    .withPanel(redisMemory())
    .withRow(new RowBuilder('Versions'))
    .withPanel(runningVersions());
}
