/**
 * Logs (Loki): volume by level, errors, the log lines filtered by level, logger and request id, and one
 * pair of panels per warning event of the event catalogue (lib/logging/events.ts), matched on its
 * message. Stream labels are only app, env and level; logger, request_id and message are in the JSON line.
 */

import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { EVENT_CATALOGUE, type EventSpec } from '../lib/logging/events';
import type { LokiLevel } from '../lib/logging/loki/push-request';
import { clickyDashboard } from './common/dashboard';
import { logs, timeseries, units } from './common/panels';
import { lokiQuery } from './common/queries';
import { quoted, regex, stream, v } from './common/selectors';
import { redFrom } from './common/thresholds';
import { customFilter, lokiDatasource, lokiEnv, lokiLabelFilter, textFilter } from './common/variables';
import { LOGS_DASHBOARD_UID } from './panel-ids';

/** The `level` label values (lib/logging/loki/push-request.ts); "unknown" is a line that is not ours. */
const LEVELS: readonly LokiLevel[] = ['debug', 'info', 'warning', 'error', 'critical', 'unknown'];
const ERROR_LEVELS = regex('error|critical');

/** The JSON fields the text variables filter on, as a prefix: empty matches every line. */
const lineFilters = `| json | logger=~"\${logger}.*" | request_id=~"\${request_id}.*"`;

const volumeByLevel = () =>
  timeseries({
    title: 'Log volume by level',
    description: 'Lines per interval by level, for the selected apps and levels.',
    unit: units.Short,
    queries: [
      lokiQuery(`sum by (level) (count_over_time(${stream({ level: regex(v('level')) })} [$__interval]))`, {
        legend: '{{level}}',
      }),
    ],
    bars: true,
  });

const errorsByApp = () =>
  timeseries({
    title: 'Errors by app',
    description: 'ERROR and CRITICAL lines per interval, by app.',
    unit: units.Short,
    queries: [
      lokiQuery(`sum by (app) (count_over_time(${stream({ level: ERROR_LEVELS })} [$__interval]))`, {
        legend: '{{app}}',
      }),
    ],
    thresholds: redFrom(1),
    bars: true,
  });

const recentErrors = () =>
  logs({
    title: 'Recent errors',
    description: 'ERROR and CRITICAL lines, newest first, filtered by logger and request id.',
    queries: [lokiQuery(`${stream({ level: ERROR_LEVELS })} ${lineFilters}`)],
  });

const allLines = () =>
  logs({
    title: 'Logs',
    description:
      'Every line of the selected apps and levels; the logger and request id boxes filter on the JSON fields (prefix match).',
    queries: [lokiQuery(`${stream({ level: regex(v('level')) })} ${lineFilters}`)],
    height: 14,
  });

/**
 * Lines of one catalogue event: its level label, then its exact message (a line filter first, for speed).
 * `__error__=""` drops a line that is not JSON, which would otherwise fail a metric query.
 */
const eventLines = (event: EventSpec) =>
  `${stream({ level: event.level })} |= ${quoted(event.message)} | json | __error__="" | message=${quoted(event.message)}`;

const eventCount = (event: EventSpec) =>
  timeseries({
    title: event.message,
    description: `"${event.message}" events per interval, by app (${event.level.toUpperCase()}, fields: ${event.fields.join(', ')}).`,
    unit: units.Short,
    queries: [
      lokiQuery(`sum by (app) (count_over_time(${eventLines(event)} [$__interval]))`, { legend: '{{app}}' }),
    ],
    bars: true,
    width: 8,
  });

const eventLog = (event: EventSpec) =>
  logs({
    title: `${event.message}: lines`,
    description: `The latest "${event.message}" lines, with their fields (${event.fields.join(', ')}).`,
    queries: [lokiQuery(eventLines(event))],
    width: 16,
    height: 8,
  });

const warningEvents: EventSpec[] = Object.values(EVENT_CATALOGUE).filter(
  (event) => event.level === 'warning',
);

export function logsDashboard(): DashboardBuilder {
  const dashboard = clickyDashboard({
    uid: LOGS_DASHBOARD_UID,
    title: 'Clicky / Logs',
    description:
      'Log volume, errors, lines by level, logger and request id, and the warning events of the catalogue.',
    tags: ['logs'],
    variables: [
      lokiDatasource(),
      lokiEnv(),
      lokiLabelFilter('app', 'App', `label_values({env="${v('env')}"}, app)`),
      customFilter('level', 'Level', LEVELS),
      textFilter('logger', 'Logger', 'Logger name or prefix, e.g. exporter or app.api.auctions.'),
      textFilter('request_id', 'Request id', 'A request id (X-Request-ID), or its beginning.'),
    ],
  })
    .withRow(new RowBuilder('Volume'))
    .withPanel(volumeByLevel())
    .withPanel(errorsByApp())
    .withRow(new RowBuilder('Lines'))
    .withPanel(recentErrors())
    .withPanel(allLines())
    .withRow(new RowBuilder('Warning events'));
  for (const event of warningEvents) dashboard.withPanel(eventCount(event)).withPanel(eventLog(event));
  return dashboard;
}
