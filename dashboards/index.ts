/**
 * Every dashboard and provisioning file, and where each is written. Composition only: the dashboards
 * are in their own files, the shared pieces in common/.
 */
import { resolve } from 'node:path';
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { adminOverview } from './admin-overview';
import { apiPerformance } from './api-performance';
import { infrastructure } from './infrastructure';
import { logsDashboard } from './logs';
import { dashboardProvidersFile, datasourcesFile } from './provisioning';
import { renderDashboard } from './render';
import { sloDashboard } from './slo';
import { uptimeAlerts } from './uptime-alerts';

export const DASHBOARDS_DIR = resolve(__dirname);
export const GENERATED_DIR = resolve(DASHBOARDS_DIR, 'generated');

export const dashboards: readonly (() => DashboardBuilder)[] = [
  adminOverview,
  apiPerformance,
  infrastructure,
  logsDashboard,
  uptimeAlerts,
  sloDashboard,
];

export interface OutputFile {
  /** Absolute path. */
  path: string;
  content: string;
}

export function outputFiles(): OutputFile[] {
  const rendered = dashboards.map((dashboard) => renderDashboard(dashboard()));
  return [
    ...rendered.map(({ uid, json }) => ({ path: resolve(GENERATED_DIR, `${uid}.json`), content: json })),
    { path: resolve(DASHBOARDS_DIR, 'provisioning/datasources/datasources.yml'), content: datasourcesFile() },
    {
      path: resolve(DASHBOARDS_DIR, 'provisioning/dashboards/dashboards.yml'),
      content: dashboardProvidersFile(),
    },
  ];
}
