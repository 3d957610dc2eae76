/**
 * Uptime and alerts: the blackbox probes of spec section 5's monitors (uptime/monitors.ts; one panel per
 * monitor), probe latency, certificate expiry with the SslCertificateExpiry threshold, and the alerts
 * firing now (Prometheus's ALERTS series).
 */

import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { jobs, probe } from '../alerting/rules/metrics';
import { seconds } from '../alerting/rules/promql';
import { thresholds } from '../alerting/rules/thresholds';
import { allMonitors, type UptimeMonitor } from '../uptime/monitors';
import { clickyDashboard } from './common/dashboard';
import { barGauge, stat, table, timeseries, units } from './common/panels';
import { promQuery } from './common/queries';
import { inEnv } from './common/selectors';
import { booleanText, greenFrom, redBelow, redFrom } from './common/thresholds';
import { prometheusDatasource, prometheusEnv } from './common/variables';
import { UPTIME_DASHBOARD_UID } from './panel-ids';

const probes = (metric: string, monitor?: string) =>
  inEnv(metric, monitor ? { job: jobs.blackbox, monitor } : { job: jobs.blackbox });
const DAY = 86_400;
const minValidityDays = seconds(thresholds.tls.minValidity) / DAY;

/** The monitors share one row of the 24-column grid as evenly as whole columns allow. */
const monitorWidth = (index: number, count: number) => Math.floor(24 / count) + (index < 24 % count ? 1 : 0);

const monitorStatus = (monitor: UptimeMonitor, width: number) =>
  stat({
    title: monitor.friendlyName,
    description: `Last blackbox probe of ${monitor.url} (monitor ${monitor.name}): Up when it answered 2xx over valid TLS.`,
    unit: units.NoUnit,
    queries: [promQuery(`min(${probes(probe.success, monitor.name)})`, { instant: true })],
    thresholds: redBelow(1),
    mappings: booleanText('Up', 'Down'),
    width,
  });

const availability = () =>
  barGauge({
    title: 'Availability over the time range',
    description: 'Share of successful probes per monitor over the dashboard time range (`probe_success`).',
    unit: units.PercentUnit,
    queries: [
      promQuery(`avg by (monitor) (avg_over_time(${probes(probe.success)}[$__range]))`, {
        instant: true,
        legend: '{{monitor}}',
      }),
    ],
    // No alert on it: below 99 % orange, below 95 % red, to draw the eye.
    thresholds: greenFrom(0.95, 0.99),
    max: 1,
    width: 8,
  });

const probeLatency = () =>
  timeseries({
    title: 'Probe duration',
    description:
      'How long each probe took, DNS, TLS and the HTTP answer included (`probe_duration_seconds`).',
    unit: units.Seconds,
    queries: [promQuery(`max by (monitor) (${probes(probe.duration)})`, { legend: '{{monitor}}' })],
    width: 16,
  });

const certificateExpiry = () =>
  barGauge({
    title: 'Days until certificate expiry',
    description: `Days left on each monitor's TLS certificate chain; red below ${minValidityDays} days, when SslCertificateExpiry fires.`,
    unit: 'suffix: days',
    queries: [
      promQuery(`min by (monitor) (${probes(probe.sslExpiry)} - time()) / ${DAY}`, {
        instant: true,
        legend: '{{monitor}}',
      }),
    ],
    thresholds: redBelow(minValidityDays),
    decimals: 0,
    width: 24,
  });

const firingCount = () =>
  stat({
    title: 'Alerts firing',
    description:
      "Alerts firing now, all environments (the ALERTS series of Prometheus's rule evaluation), " +
      'without the always-firing Watchdog (severity none).',
    unit: units.Short,
    queries: [
      promQuery('count(ALERTS{alertstate="firing", severity!="none"}) or vector(0)', { instant: true }),
    ],
    thresholds: redFrom(1),
    width: 6,
    height: 8,
  });

const firingAlerts = () =>
  table({
    title: 'Firing alerts',
    description:
      'One row per firing alert with its labels (severity, service, instance...), without the always-firing ' +
      'Watchdog; silences are not applied here.',
    unit: units.NoUnit,
    queries: [promQuery('ALERTS{alertstate="firing", severity!="none"}', { instant: true, table: true })],
    transformations: [
      {
        id: 'organize',
        options: { excludeByName: { Time: true, Value: true, __name__: true, alertstate: true } },
      },
    ],
    width: 18,
  });

export function uptimeAlerts(): DashboardBuilder {
  const dashboard = clickyDashboard({
    uid: UPTIME_DASHBOARD_UID,
    title: 'Clicky / Uptime and alerts',
    description:
      'Blackbox probes of the public URLs (spec section 5), TLS certificates and the alerts firing now.',
    tags: ['uptime', 'alerts'],
    variables: [prometheusDatasource(), prometheusEnv()],
  }).withRow(new RowBuilder('Monitors'));
  allMonitors.forEach((monitor, i) => {
    dashboard.withPanel(monitorStatus(monitor, monitorWidth(i, allMonitors.length)));
  });
  return dashboard
    .withPanel(availability())
    .withPanel(probeLatency())
    .withPanel(certificateExpiry())
    .withRow(new RowBuilder('Alerts'))
    .withPanel(firingCount())
    .withPanel(firingAlerts());
}
