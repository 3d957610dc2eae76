/** Alertmanager watching itself (after alertmanager-mixin's alerts.libsonnet). */
import { jobs, alertmanagerSelf as m } from '../metrics';
import { ENV, selector } from '../promql';
import { thresholds } from '../thresholds';
import type { RuleGroup } from '../types';

const t = thresholds.meta.alertmanager;
const own = (metric: string) => selector(metric, { job: jobs.alertmanager });

export const alertmanager: RuleGroup = {
  name: 'clicky-meta-alertmanager',
  rules: [
    {
      alert: 'AlertmanagerNotificationsFailing',
      // Per integration: `webhook` is the relay (so Telegram), `email` the mail. Newer Alertmanagers split
      // failures by `reason`; summing it away keeps the ratio one series per integration on any version.
      expr:
        `sum without (reason) (rate(${own(m.notificationsFailed)}[${t.window}]))\n` +
        `/ on (${ENV}, job, instance, integration)\nrate(${own(m.notifications)}[${t.window}])\n> ${t.maxFailedRatio}`,
      for: t.failingFor,
      severity: 'error',
      cooldown: '1h',
      summary: 'Alertmanager fails to notify by {{ $labels.integration }}',
      description:
        'Alertmanager ({{ $labels.instance }}) failed {{ $value | humanizePercentage }} of its {{ $labels.integration }} ' +
        `notifications over ${t.window}. The webhook is the Telegram relay: that failure is also mailed.`,
    },
    {
      alert: 'AlertmanagerConfigReloadFailed',
      expr: `max_over_time(${own(m.configReloadSuccessful)}[${t.window}]) == 0`,
      for: t.reloadFailedFor,
      severity: 'warning',
      cooldown: '1h',
      summary: 'Alertmanager could not load its configuration',
      description:
        `The last configuration reload of Alertmanager ({{ $labels.instance }}) failed ${t.reloadFailedFor} ago or more: ` +
        'it routes with the previous configuration.',
    },
  ],
};
